package io.sessiongate.symphony;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.sessiongate.core.storage.CoalescedStatement;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** Sessions in PostgreSQL (table {@code symphony_sessions}, migration V5), one statement per change. */
final class PgSymphonyStore implements SymphonyStore {
  private static final String COLUMNS = "session_id, application, cluster_id, owner, state, attributes, ttl_minutes, "
    + "created_at, last_used_at, closed_at, expires_at";
  /** $1 session id, $2 now, $3 application, $4 cluster or null, $5 owner or null. */
  private static final String IN_SCOPE = " WHERE session_id = $1 AND application = $3"
    + " AND ($4::text IS NULL OR cluster_id = $4) AND ($5::text IS NULL OR owner = $5)"
    + " AND (expires_at IS NULL OR expires_at > $2)";
  /** A use at $2 pushes expiry to $2 + ttl minutes ($6 = the length of a minute). */
  private static final String USED = "last_used_at = $2, "
    + "expires_at = CASE WHEN ttl_minutes > 0 THEN $2 + ttl_minutes * $6::bigint END";

  private static final String INSERT = "INSERT INTO symphony_sessions (" + COLUMNS + ") "
    + "VALUES (nextval('symphony_session_ids'), $1, $2, $3, 'open', $4, $5, $6, $6, NULL, $7) RETURNING " + COLUMNS;
  private static final String TOUCH = "UPDATE symphony_sessions SET " + USED + IN_SCOPE + " RETURNING " + COLUMNS;
  private static final String CLOSE = "UPDATE symphony_sessions SET state = 'closed', closed_at = COALESCE(closed_at, $2), "
    + USED + IN_SCOPE + " RETURNING " + COLUMNS;
  private static final String DESTROY = "DELETE FROM symphony_sessions" + IN_SCOPE + " RETURNING " + COLUMNS;
  private static final String LIST = "SELECT " + COLUMNS + " FROM symphony_sessions WHERE application = $1"
    + " AND ($2::text IS NULL OR cluster_id = $2) AND ($3::text IS NULL OR owner = $3)"
    + " AND ($4::text IS NULL OR state = $4) AND (expires_at IS NULL OR expires_at > $5) ORDER BY session_id";
  private static final String DELETE_EXPIRED = "DELETE FROM symphony_sessions WHERE expires_at <= $1";

  private static final String FIND_APPLICATION = "SELECT name, clusters FROM symphony_applications WHERE name = $1";
  private static final String LIST_APPLICATIONS = "SELECT name, clusters FROM symphony_applications ORDER BY name";
  /** xmax = 0 only on a row this statement inserted (not on one it updated). */
  private static final String PUT_APPLICATION = "INSERT INTO symphony_applications (name, clusters) VALUES ($1, $2) "
    + "ON CONFLICT (name) DO UPDATE SET clusters = EXCLUDED.clusters RETURNING (xmax = 0) AS inserted";
  /** The check for live sessions and the delete in one statement; "present" sees the table as it was before. */
  private static final String REMOVE_APPLICATION = "WITH removed AS (DELETE FROM symphony_applications a WHERE a.name = $1"
    + " AND NOT EXISTS (SELECT 1 FROM symphony_sessions s WHERE s.application = $1"
    + " AND (s.expires_at IS NULL OR s.expires_at > $2)) RETURNING a.name)"
    + " SELECT EXISTS (SELECT 1 FROM removed) AS removed,"
    + " EXISTS (SELECT 1 FROM symphony_applications WHERE name = $1) AS present";

  private final Pool pool;
  /** Creates that arrive together share one round trip and one commit (used from the session verticle only). */
  private final CoalescedStatement inserts;
  private final long minuteMillis;

  PgSymphonyStore(Pool pool, long minuteMillis) {
    this.pool = pool;
    this.inserts = new CoalescedStatement(pool, INSERT, 128, 4);
    this.minuteMillis = minuteMillis;
  }

  @Override
  public Future<WorkloadSession> create(NewSession s) {
    Long expiresAt = s.ttlMinutes() > 0 ? s.createdAt() + s.ttlMinutes() * minuteMillis : null;
    return inserts.execute(Tuple.of(s.applicationName(), s.clusterId(), s.owner(), s.attributes(), s.ttlMinutes(),
        s.createdAt(), expiresAt))
      .map(PgSymphonyStore::single);
  }

  @Override
  public Future<WorkloadSession> touch(long sessionId, SessionScope scope, long now) {
    return pool.preparedQuery(TOUCH).execute(scoped(sessionId, scope, now).addLong(minuteMillis)).map(PgSymphonyStore::single);
  }

  @Override
  public Future<WorkloadSession> close(long sessionId, SessionScope scope, long now) {
    return pool.preparedQuery(CLOSE).execute(scoped(sessionId, scope, now).addLong(minuteMillis)).map(PgSymphonyStore::single);
  }

  @Override
  public Future<WorkloadSession> destroy(long sessionId, SessionScope scope, long now) {
    return pool.preparedQuery(DESTROY).execute(scoped(sessionId, scope, now)).map(PgSymphonyStore::single);
  }

  @Override
  public Future<List<WorkloadSession>> list(SessionScope scope, SessionState state, long now) {
    return pool.preparedQuery(LIST)
      .execute(Tuple.of(scope.applicationName(), scope.clusterId(), scope.owner(),
        state == null ? null : state.wireName(), now))
      .map(rows -> {
        List<WorkloadSession> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(session(row)));
        return list;
      });
  }

  @Override
  public Future<Integer> deleteExpired(long now) {
    return pool.preparedQuery(DELETE_EXPIRED).execute(Tuple.of(now)).map(RowSet::rowCount);
  }

  @Override
  public Future<Application> application(String name) {
    return pool.preparedQuery(FIND_APPLICATION).execute(Tuple.of(name))
      .map(rows -> rows.size() == 0 ? null : application(rows.iterator().next()));
  }

  @Override
  public Future<List<Application>> applications() {
    return pool.preparedQuery(LIST_APPLICATIONS).execute().map(rows -> {
      List<Application> list = new ArrayList<>(rows.size());
      rows.forEach(row -> list.add(application(row)));
      return list;
    });
  }

  @Override
  public Future<Boolean> putApplication(Application application) {
    return pool.preparedQuery(PUT_APPLICATION)
      .execute(Tuple.tuple().addString(application.name()).addArrayOfString(application.clusters().toArray(new String[0])))
      .map(rows -> rows.iterator().next().getBoolean("inserted"));
  }

  @Override
  public Future<Removal> removeApplication(String name, long now) {
    return pool.preparedQuery(REMOVE_APPLICATION).execute(Tuple.of(name, now)).map(rows -> {
      Row row = rows.iterator().next();
      if (row.getBoolean("removed")) {
        return Removal.REMOVED;
      }
      return row.getBoolean("present") ? Removal.HAS_SESSIONS : Removal.NOT_FOUND;
    });
  }

  private static Application application(Row row) {
    return new Application(row.getString("name"), List.of(row.getArrayOfStrings("clusters")), false);
  }

  private static Tuple scoped(long sessionId, SessionScope scope, long now) {
    return Tuple.of(sessionId, now, scope.applicationName(), scope.clusterId(), scope.owner());
  }

  private static WorkloadSession single(RowSet<Row> rows) {
    return rows.size() == 0 ? null : session(rows.iterator().next());
  }

  private static WorkloadSession session(Row row) {
    return new WorkloadSession(
      row.getLong("session_id"),
      row.getString("application"),
      row.getString("cluster_id"),
      row.getString("owner"),
      SessionState.fromWire(row.getString("state")),
      (JsonObject) row.getValue("attributes"),
      row.getInteger("ttl_minutes"),
      row.getLong("created_at"),
      row.getLong("last_used_at"),
      row.getLong("closed_at"),
      row.getLong("expires_at"));
  }
}
