package io.sessiongate.testing;

import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.core.storage.Migrations;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;

import static io.sessiongate.testing.Await.await;

/** A fresh database of the shared test server with the gateway's migrations applied, and a pool on it. */
public final class MigratedDatabase implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool;

  public MigratedDatabase(String purpose) {
    PgUri uri = PgUri.parse(PostgresServer.shared().newDatabase(purpose));
    Migrations.apply(uri);
    pool = PgBuilder.pool().connectingTo(Storage.connectOptions(uri)).using(vertx).build();
  }

  public Pool pool() {
    return pool;
  }

  @Override
  public void close() {
    await(pool.close());
    await(vertx.close());
  }
}
