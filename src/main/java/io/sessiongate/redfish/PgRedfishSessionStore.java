package io.sessiongate.redfish;

import io.vertx.core.Future;
import io.sessiongate.core.storage.CoalescedStatement;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sessions in {@code redfish_sessions}, settings in the one row of {@code redfish_session_service} (V2). */
final class PgRedfishSessionStore implements RedfishSessionStore {
  private static final String COLUMNS = "id, token_hash, user_name, tenant, user_roles, user_privileges, context, "
    + "client_address, created_at, last_used_at";
  private static final String SETTINGS = "SELECT session_timeout, service_enabled FROM redfish_session_service WHERE id = 1";

  private final Pool pool;
  /**
   * Logins, and logouts, that arrive together share one round trip and one commit (used from the session
   * verticle only).
   */
  private final CoalescedStatement inserts;
  private final CoalescedStatement deletes;

  PgRedfishSessionStore(Pool pool) {
    this.pool = pool;
    this.inserts = new CoalescedStatement(pool,
      "INSERT INTO redfish_sessions (" + COLUMNS + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)", 128, 4);
    this.deletes = new CoalescedStatement(pool, "DELETE FROM redfish_sessions WHERE id = $1 RETURNING " + COLUMNS,
      128, 4);
  }

  @Override
  public Future<SessionServiceSettings> initSettings(SessionServiceSettings initial) {
    return pool.preparedQuery("INSERT INTO redfish_session_service (id, session_timeout, service_enabled) "
        + "VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING")
      .execute(Tuple.of(initial.sessionTimeoutSeconds(), initial.serviceEnabled()))
      .compose(v -> settings());
  }

  @Override
  public Future<SessionServiceSettings> settings() {
    return pool.preparedQuery(SETTINGS).execute().map(PgRedfishSessionStore::toSettings);
  }

  @Override
  public Future<SessionServiceSettings> updateSettings(Integer sessionTimeoutSeconds, Boolean serviceEnabled) {
    return pool.preparedQuery("UPDATE redfish_session_service SET "
        + "session_timeout = COALESCE($1, session_timeout), service_enabled = COALESCE($2, service_enabled) "
        + "WHERE id = 1 RETURNING session_timeout, service_enabled")
      .execute(Tuple.of(sessionTimeoutSeconds, serviceEnabled))
      .map(PgRedfishSessionStore::toSettings);
  }

  @Override
  public Future<Void> insert(RedfishSession s) {
    return inserts.execute(Tuple.from(new Object[] {s.id(), s.tokenHash(), s.userName(), s.tenant(),
        s.userRoles().toArray(String[]::new), s.userPrivileges().toArray(String[]::new), s.context(),
        s.clientAddress(), s.createdAt(), s.lastUsedAt()}))
      .mapEmpty();
  }

  @Override
  public Future<RedfishSession> find(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM redfish_sessions WHERE id = $1").execute(Tuple.of(id))
      .map(PgRedfishSessionStore::first);
  }

  @Override
  public Future<RedfishSession> findByTokenHash(String tokenHash) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM redfish_sessions WHERE token_hash = $1")
      .execute(Tuple.of(tokenHash))
      .map(PgRedfishSessionStore::first);
  }

  @Override
  public Future<List<RedfishSession>> list(String userName) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM redfish_sessions "
        + "WHERE $1::text IS NULL OR user_name = $1 ORDER BY created_at, id")
      .execute(Tuple.of(userName))
      .map(PgRedfishSessionStore::all);
  }

  @Override
  public Future<RedfishSession> delete(String id) {
    return deletes.execute(Tuple.of(id)).map(PgRedfishSessionStore::first);
  }

  @Override
  public Future<List<String>> recordUse(Map<String, Long> lastUses) {
    if (lastUses.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] ids = lastUses.keySet().toArray(String[]::new);
    Long[] times = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      times[i] = lastUses.get(ids[i]);
    }
    // One statement for the whole batch; GREATEST keeps a later use another node has already written.
    return pool.preparedQuery("UPDATE redfish_sessions s SET last_used_at = GREATEST(s.last_used_at, u.used_at) "
        + "FROM unnest($1::text[], $2::bigint[]) AS u(id, used_at) WHERE s.id = u.id RETURNING s.id")
      .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfLong(times))
      .map(rows -> {
        Set<String> gone = new HashSet<>(lastUses.keySet());
        rows.forEach(row -> gone.remove(row.getString(0)));
        return List.copyOf(gone);
      });
  }

  @Override
  public Future<List<RedfishSession>> deleteIdle(long idleBefore) {
    return pool.preparedQuery("DELETE FROM redfish_sessions WHERE last_used_at < $1 RETURNING " + COLUMNS)
      .execute(Tuple.of(idleBefore))
      .map(PgRedfishSessionStore::all);
  }

  private static SessionServiceSettings toSettings(RowSet<Row> rows) {
    Row row = rows.iterator().next();
    return new SessionServiceSettings(row.getInteger(0), row.getBoolean(1));
  }

  private static RedfishSession first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toSession(rows.iterator().next());
  }

  private static List<RedfishSession> all(RowSet<Row> rows) {
    List<RedfishSession> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(toSession(row)));
    return list;
  }

  private static RedfishSession toSession(Row row) {
    return new RedfishSession(row.getString("id"), row.getString("token_hash"), row.getString("user_name"),
      row.getString("tenant"), Set.of(row.getArrayOfStrings("user_roles")),
      Set.of(row.getArrayOfStrings("user_privileges")), row.getString("context"), row.getString("client_address"),
      row.getLong("created_at"), row.getLong("last_used_at"));
  }
}
