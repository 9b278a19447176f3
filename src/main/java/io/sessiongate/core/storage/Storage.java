package io.sessiongate.core.storage;

import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.core.config.GatewayConfig.StoreKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The durable store shared by every slice: which backend is in use and, for PostgreSQL, the one pool
 * all verticle instances share. Each slice builds its own store from this ({@code XStore.create(storage)}).
 */
public final class Storage {
  private final StoreKind kind;
  private final Pool pool;
  private final PgConnectOptions connectOptions;

  private Storage(StoreKind kind, Pool pool, PgConnectOptions connectOptions) {
    this.kind = kind;
    this.pool = pool;
    this.connectOptions = connectOptions;
  }

  public static Storage inProcess() {
    return new Storage(StoreKind.MEMORY, null, null);
  }

  /** Opens the pool and, if configured, applies the schema migrations first. */
  public static Future<Storage> open(Vertx vertx, GatewayConfig config) {
    if (config.store() == StoreKind.MEMORY) {
      return Future.succeededFuture(inProcess());
    }
    PgUri uri = PgUri.parse(config.pg().uri());
    PgConnectOptions connect = connectOptions(uri);
    Future<Void> migrated = config.pg().migrateAtStart()
      ? vertx.executeBlocking(() -> {
          Migrations.apply(uri);
          return null;
        }, false)
      : Future.succeededFuture();
    return migrated.map(v -> {
      Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.pg().poolSize()).setShared(true).setName("sessiongate"))
        .connectingTo(connect)
        .using(vertx)
        .build();
      return new Storage(StoreKind.POSTGRES, pool, connect);
    });
  }

  public static PgConnectOptions connectOptions(PgUri uri) {
    PgConnectOptions options = new PgConnectOptions()
      .setHost(uri.host())
      .setPort(uri.port())
      .setDatabase(uri.database())
      .setUser(uri.user())
      .setCachePreparedStatements(true)
      .setPreparedStatementCacheMaxSize(512)
      .setPipeliningLimit(256);
    if (uri.password() != null) {
      options.setPassword(uri.password());
    }
    return options;
  }

  public StoreKind kind() {
    return kind;
  }

  public boolean isPostgres() {
    return kind == StoreKind.POSTGRES;
  }

  /** The shared pool; only for the PostgreSQL backend. */
  public Pool pool() {
    if (pool == null) {
      throw new IllegalStateException("the in-process store has no PostgreSQL pool");
    }
    return pool;
  }

  public PgConnectOptions connectOptions() {
    return connectOptions;
  }

  /** Answers when the store can serve requests: for readiness. */
  public Future<Void> ping() {
    if (pool == null) {
      return Future.succeededFuture();
    }
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  public Future<Void> close() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
