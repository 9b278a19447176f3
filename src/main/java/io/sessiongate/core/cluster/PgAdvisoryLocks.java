package io.sessiongate.core.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * Duty locks as PostgreSQL session-level advisory locks, all held on one dedicated connection of this node
 * (not from the shared pool: a pooled connection is handed to other work and its session outlives the
 * borrower). When the node dies its connection closes and PostgreSQL releases the locks at once; when the
 * connection dies under a living node, the node stops running its duties ({@link #onLost}).
 *
 * <p>Key: {@code (NAMESPACE, hashtext(duty))}, the two-int form, so it cannot meet an application's
 * single-bigint advisory locks on the same database.
 */
final class PgAdvisoryLocks implements DutyLocks {
  private static final Logger LOG = LoggerFactory.getLogger(PgAdvisoryLocks.class);
  /** "SGDT": SessionGate duties. */
  static final int NAMESPACE = 0x53474454;
  /**
   * "SGDC": SessionGate duty contenders. A node that shares the claims of a group holds a shared lock
   * {@code (CONTENDERS, hashtext(group))} while its connection lives; the holders of that lock are the group's
   * contenders. Nodes that keep their claims to themselves (not clustered) take none, so they are not counted.
   */
  static final int CONTENDERS = 0x53474443;
  private static final String JOIN_GROUP = "SELECT pg_try_advisory_lock_shared($1, hashtext($2))";
  private static final String LEAVE_GROUP = "SELECT pg_advisory_unlock_shared($1, hashtext($2))";
  /** objid is the second key as an oid: hashtext's int4, read unsigned. */
  private static final String COUNT_CONTENDERS = "SELECT count(DISTINCT pid) FROM pg_locks WHERE locktype = 'advisory'"
    + " AND granted AND classid::bigint = $1 AND objid::bigint = (hashtext($2)::bigint & 4294967295) AND objsubid = 2"
    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
  /**
   * The server notices a vanished peer (a partitioned node, not a killed one: that closes its socket) after
   * idle + interval x count = 5 + 1 x 3 s, and then releases the node's locks.
   */
  private static final String KEEPALIVES = "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 1; "
    + "SET tcp_keepalives_count = 3";

  private final Vertx vertx;
  private final PgConnectOptions options;
  private PgConnection connection;
  private Future<PgConnection> connecting;
  private Runnable lost = () -> { };
  /** The groups whose contender lock the current connection holds. */
  private final Set<String> joined = new HashSet<>();

  PgAdvisoryLocks(Vertx vertx, PgConnectOptions options) {
    this.vertx = vertx;
    this.options = new PgConnectOptions(options)
      .addProperty("application_name", "sessiongate cluster duties")
      .setPipeliningLimit(1);
  }

  private Future<PgConnection> connection() {
    if (connection != null) {
      return Future.succeededFuture(connection);
    }
    if (connecting == null) {
      connecting = PgConnection.connect(vertx, options)
        .compose(conn -> conn.query(KEEPALIVES).execute()
          .map(conn)
          .recover(err -> conn.close().transform(v -> Future.failedFuture(err))))
        .onSuccess(conn -> {
          connection = conn;
          // What matters is that the connection closed (closeHandler); the cause is logged there.
          conn.exceptionHandler(err -> LOG.debug("duty lock connection failed: {}", err.getMessage()));
          conn.closeHandler(v -> {
            if (connection == conn) {
              connection = null;
              joined.clear();
              lost.run();
            }
          });
        })
        .andThen(done -> connecting = null);
    }
    return connecting;
  }

  @Override
  public Future<Boolean> tryAcquire(String duty) {
    return connection().compose(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock($1, hashtext($2))")
      .execute(Tuple.of(NAMESPACE, duty))
      .map(rows -> rows.iterator().next().getBoolean(0)));
  }

  @Override
  public Future<Void> confirm() {
    if (connection == null) {
      return Future.failedFuture("the duty lock connection is closed");
    }
    return connection.query("SELECT 1").execute().mapEmpty();
  }

  @Override
  public Future<Void> release(String duty) {
    if (connection == null) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery("SELECT pg_advisory_unlock($1, hashtext($2))")
      .execute(Tuple.of(NAMESPACE, duty)).mapEmpty();
  }

  @Override
  public Future<Integer> contenders(String group) {
    return connection().compose(conn -> {
      Future<Void> joining = joined.contains(group) ? Future.succeededFuture()
        : conn.preparedQuery(JOIN_GROUP).execute(Tuple.of(CONTENDERS, group)).onSuccess(v -> joined.add(group)).mapEmpty();
      return joining.compose(v -> conn.preparedQuery(COUNT_CONTENDERS).execute(Tuple.of((long) CONTENDERS, group)))
        .map(rows -> Math.max(1, rows.iterator().next().getLong(0).intValue()));
    });
  }

  @Override
  public Future<Void> leaveGroup(String group) {
    if (connection == null || !joined.remove(group)) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(LEAVE_GROUP).execute(Tuple.of(CONTENDERS, group)).mapEmpty();
  }

  @Override
  public void onLost(Runnable handler) {
    this.lost = handler;
  }

  @Override
  public Future<Void> close() {
    PgConnection closing = connection;
    connection = null;
    joined.clear();
    return closing == null ? Future.succeededFuture() : closing.close();
  }
}
