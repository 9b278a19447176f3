package io.sessiongate.murano;

import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.core.storage.Migrations;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.testing.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static io.sessiongate.testing.Await.await;

class PostgresMuranoStoreTest extends MuranoStoreContract {
  private static Vertx vertx;
  private static Pool pool;
  private static MuranoStore store;

  @BeforeAll
  static void database() {
    PgUri uri = PgUri.parse(PostgresServer.shared().newDatabase("murano_store"));
    Migrations.apply(uri);
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(Storage.connectOptions(uri)).using(vertx).build();
    store = new PgMuranoStore(pool);
  }

  @AfterAll
  static void close() {
    await(pool.close());
    await(vertx.close());
  }

  @Override
  MuranoStore store() {
    return store;
  }
}
