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

import java.util.concurrent.TimeUnit;

/**
 * The durable store shared by every slice: which backend is in use and, for PostgreSQL, the one pool
 * all verticle instances share. Each slice builds its own store from this ({@code XStore.create(storage)}).
 * The pool the stores get is bounded ({@link StorePool}) and watched ({@link StoreHealth}).
 */
public final class Storage {
  private static final long CLIENT_DEADLINE_GRACE_MILLIS = 200;

  private final StoreKind kind;
  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final StoreHealth health;
  private final long listenReconnectMillis;

  private Storage(StoreKind kind, Pool pool, PgConnectOptions connectOptions, StoreHealth health,
                  long listenReconnectMillis) {
    this.kind = kind;
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.health = health;
    this.listenReconnectMillis = listenReconnectMillis;
  }

  public static Storage inProcess() {
    return new Storage(StoreKind.MEMORY, null, null, StoreHealth.inProcess(), 0);
  }

  /** Opens the pool and, if configured, applies the schema migrations first. */
  public static Future<Storage> open(Vertx vertx, GatewayConfig config) {
    if (config.store() == StoreKind.MEMORY) {
      return Future.succeededFuture(inProcess());
    }
    PgUri uri = PgUri.parse(config.pg().uri());
    GatewayConfig.Pg pg = config.pg();
    PgConnectOptions connect = connectOptions(uri)
      .addProperty("statement_timeout", Integer.toString(pg.statementTimeoutMillis()));
    Future<Void> migrated = config.pg().migrateAtStart()
      ? vertx.executeBlocking(() -> {
          Migrations.apply(uri);
          return null;
        }, false)
      : Future.succeededFuture();
    return migrated.map(v -> {
      Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(pg.poolSize()).setShared(true).setName("sessiongate")
          .setConnectionTimeout(pg.acquireTimeoutMillis()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectingTo(connect)
        .using(vertx)
        .build();
      StoreHealth health = StoreHealth.probing(vertx, pool);
      // A little past statement_timeout, so that a live server's own cancellation (a definite "not done")
      // normally comes first and the gateway's deadline (outcome unknown) only answers for a silent one.
      long deadline = pg.statementTimeoutMillis() + CLIENT_DEADLINE_GRACE_MILLIS;
      return new Storage(StoreKind.POSTGRES, new StorePool(vertx, pool, deadline, health), connect, health,
        pg.listenReconnectMillis());
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

  /** How soon a LISTEN connection (the revocation feed) reconnects after it dropped ({@code pg.listen-reconnect-ms}). */
  public long listenReconnectMillis() {
    return listenReconnectMillis;
  }

  /** Whether the store answers now (readiness, the outage logs and metrics). */
  public StoreHealth health() {
    return health;
  }

  public Future<Void> close() {
    health.stop();
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
