package io.sessiongate.aggregation;

import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.core.storage.Migrations;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.testing.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static io.sessiongate.testing.Await.await;

class PostgresFleetTaskStoreTest extends FleetTaskStoreContract {
  private static Vertx vertx;
  private static Pool pool;
  private static FleetTaskStore store;

  @BeforeAll
  static void database() {
    PgUri uri = PgUri.parse(PostgresServer.shared().newDatabase("fleet_tasks"));
    Migrations.apply(uri);
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(Storage.connectOptions(uri)).using(vertx).build();
    store = new FleetTaskStore.Pg(pool);
  }

  @BeforeEach
  void empty() {
    await(pool.query("TRUNCATE fleet_tasks CASCADE").execute());
  }

  @AfterAll
  static void close() {
    await(pool.close());
    await(vertx.close());
  }

  @Override
  FleetTaskStore store() {
    return store;
  }
}
