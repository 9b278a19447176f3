package io.sessiongate.sessions;

import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.core.storage.Migrations;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.testing.PostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PostgresSessionStoreTest extends SessionStoreContract {
  private static Vertx vertx;
  private static Pool nodeA;
  private static Pool nodeB;
  private static SessionStore store;

  @BeforeAll
  static void database() {
    PgUri uri = PgUri.parse(PostgresServer.shared().newDatabase("session_store"));
    Migrations.apply(uri);
    vertx = Vertx.vertx();
    nodeA = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(Storage.connectOptions(uri)).using(vertx).build();
    nodeB = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(Storage.connectOptions(uri)).using(vertx).build();
    store = new PgSessionStore(nodeA);
  }

  @AfterAll
  static void close() {
    await(nodeA.close());
    await(nodeB.close());
    await(vertx.close());
  }

  @Override
  SessionStore store() {
    return store;
  }

  @Test
  void concurrentFailuresFromTwoNodesAreEachCountedAndLockOnce() {
    SessionStore other = new PgSessionStore(nodeB);
    String login = login();
    LockoutPolicy tenFailures = new LockoutPolicy(10, 60_000, 1_000, 4_000);
    List<Future<LoginState>> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      SessionStore node = i % 2 == 0 ? store : other;
      attempts.add(node.recordFailure(login, "192.0.2." + i, T0 + 1, true, tenFailures));
    }
    await(Future.all(attempts));
    LoginState state = await(store.loginState(login));
    assertEquals(10, state.failures(), "no failure lost to a race");
    assertEquals(1, state.lockouts(), "locked exactly once");
    assertEquals(T0 + 1 + 1_000, state.lockedUntil());
  }
}
