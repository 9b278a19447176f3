package io.sessiongate.deviceproxy.owner;

import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.core.storage.Migrations;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.testing.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PostgresPooledSessionStoreTest extends PooledSessionStoreContract {
  private static Vertx vertx;
  private static Pool pool;
  private static PooledSessionStore store;

  @BeforeAll
  static void database() {
    PgUri uri = PgUri.parse(PostgresServer.shared().newDatabase("pooled_sessions"));
    Migrations.apply(uri);
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(Storage.connectOptions(uri)).using(vertx).build();
    store = new PooledSessionStore.Pg(pool);
  }

  @BeforeEach
  void empty() {
    await(pool.query("TRUNCATE devices CASCADE").execute());
  }

  @AfterAll
  static void close() {
    await(pool.close());
    await(vertx.close());
  }

  @Override
  PooledSessionStore store() {
    return store;
  }

  @Override
  void registered(String deviceId) {
    await(pool.preparedQuery("INSERT INTO devices (id, address, mode, tls_mode, max_sessions, max_concurrent_requests, "
      + "timeout_ms, created_at, updated_at) VALUES ($1, 'http://127.0.0.1:1', 'POOLED', 'INSECURE', 2, 8, 1000, 0, 0)")
      .execute(Tuple.of(deviceId)));
  }

  @Test
  void removingADeviceTakesItsSessionsAlongAndNoneAreKeptForAnUnknownOne() {
    registered("gone-1");
    await(store.insert(new PooledSessionStore.Stored("gone-1", "k", "sealed", null, 1)));
    await(pool.preparedQuery("DELETE FROM devices WHERE id = $1").execute(Tuple.of("gone-1")));
    assertEquals(List.of(), await(store.list("gone-1")));
    await(store.insert(new PooledSessionStore.Stored("never-1", "k", "sealed", null, 1)));
    assertEquals(List.of(), await(store.list("never-1")));
  }
}
