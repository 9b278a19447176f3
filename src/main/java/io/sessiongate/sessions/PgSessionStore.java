package io.sessiongate.sessions;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** Tables of V3__sessions_controller.sql, on the shared pool. */
final class PgSessionStore implements SessionStore {
  private static final String STATE_COLUMNS = "login, last_successful_login, last_failed_login, last_failed_ip, "
    + "failures, window_started_at, lockouts, locked_until, node_version";
  private static final String SESSION_COLUMNS = "session_id, login, issued_at, expires_at, server_manager_token, "
    + "organization_admin_token, previous_successful_login";

  private final Pool pool;

  PgSessionStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<LoginState> loginState(String login) {
    return pool.preparedQuery("SELECT " + STATE_COLUMNS + " FROM sessions_login_state WHERE login = $1")
      .execute(Tuple.of(login))
      .map(rows -> rows.size() == 0 ? LoginState.none(login) : toState(rows.iterator().next()));
  }

  @Override
  public Future<LoginState> recordFailure(String login, String ip, long now, boolean counted, LockoutPolicy policy) {
    return pool.withTransaction(conn -> lockedState(conn, login).compose(before -> {
      LoginState after = before.afterFailure(ip, now, counted, policy);
      return writeState(conn, after).map(after);
    }));
  }

  @Override
  public Future<Admission> admit(ControllerSession session, String nodeVersion, long now) {
    return pool.withTransaction(conn -> lockedState(conn, session.login()).compose(before -> {
      if (before.lockedAt(now)) {
        return Future.succeededFuture(null);
      }
      LoginState after = before.afterSuccess(now, nodeVersion);
      ControllerSession stored = session.withPreviousSuccessfulLogin(before.lastSuccessfulLogin());
      return writeState(conn, after)
        .compose(v -> conn.preparedQuery("INSERT INTO sessions_controller_sessions (" + SESSION_COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7)").execute(sessionTuple(stored)))
        .map(new Admission(stored, after));
    }));
  }

  @Override
  public Future<ControllerSession> session(String sessionId) {
    return pool.preparedQuery("SELECT " + SESSION_COLUMNS + " FROM sessions_controller_sessions WHERE session_id = $1")
      .execute(Tuple.of(sessionId))
      .map(PgSessionStore::firstSession);
  }

  @Override
  public Future<ControllerSession> sessionWithEndpointsToken(String token) {
    return pool.preparedQuery("SELECT " + SESSION_COLUMNS + " FROM sessions_controller_sessions "
        + "WHERE server_manager_token = $1 OR organization_admin_token = $1")
      .execute(Tuple.of(token))
      .map(PgSessionStore::firstSession);
  }

  @Override
  public Future<ControllerSession> replaceEndpointsTokens(ControllerSession session) {
    return pool.preparedQuery("INSERT INTO sessions_controller_sessions (" + SESSION_COLUMNS
        + ") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (session_id) DO UPDATE SET "
        + "server_manager_token = EXCLUDED.server_manager_token, "
        + "organization_admin_token = EXCLUDED.organization_admin_token RETURNING " + SESSION_COLUMNS)
      .execute(sessionTuple(session))
      .map(PgSessionStore::firstSession);
  }

  @Override
  public Future<Void> end(String sessionId) {
    return pool.preparedQuery("DELETE FROM sessions_controller_sessions WHERE session_id = $1")
      .execute(Tuple.of(sessionId))
      .mapEmpty();
  }

  @Override
  public Future<Void> prune(long now, long staleMillis) {
    Future<RowSet<Row>> sessions = pool.preparedQuery("DELETE FROM sessions_controller_sessions WHERE expires_at < $1")
      .execute(Tuple.of(now));
    Future<RowSet<Row>> states = pool.preparedQuery("DELETE FROM sessions_login_state WHERE last_successful_login "
        + "IS NULL AND locked_until <= $1 AND (last_failed_login IS NULL OR last_failed_login < $2)")
      .execute(Tuple.of(now, now - staleMillis));
    return Future.all(sessions, states).mapEmpty();
  }

  /**
   * The login's state, its row locked until the transaction ends: a node counting a failure or admitting a
   * login waits for any other doing the same, then sees what it wrote. The row is created if missing, so
   * the first failures of a login are serialized too.
   */
  private static Future<LoginState> lockedState(SqlConnection conn, String login) {
    return conn.preparedQuery("INSERT INTO sessions_login_state (login) VALUES ($1) "
        + "ON CONFLICT (login) DO UPDATE SET login = EXCLUDED.login RETURNING " + STATE_COLUMNS)
      .execute(Tuple.of(login))
      .map(rows -> toState(rows.iterator().next()));
  }

  private static Future<Void> writeState(SqlConnection conn, LoginState state) {
    return conn.preparedQuery("UPDATE sessions_login_state SET last_successful_login = $2, last_failed_login = $3, "
        + "last_failed_ip = $4, failures = $5, window_started_at = $6, lockouts = $7, locked_until = $8, "
        + "node_version = $9 WHERE login = $1")
      .execute(Tuple.tuple()
        .addString(state.login())
        .addLong(state.lastSuccessfulLogin())
        .addLong(state.lastFailedLogin())
        .addString(state.lastFailedLoginIp())
        .addInteger(state.failures())
        .addLong(state.windowStartedAt())
        .addInteger(state.lockouts())
        .addLong(state.lockedUntil())
        .addString(state.nodeVersion()))
      .mapEmpty();
  }

  private static Tuple sessionTuple(ControllerSession session) {
    return Tuple.tuple()
      .addString(session.sessionId())
      .addString(session.login())
      .addLong(session.issuedAt())
      .addLong(session.expiresAt())
      .addString(session.serverManagerToken())
      .addString(session.organizationAdminToken())
      .addLong(session.previousSuccessfulLogin());
  }

  private static LoginState toState(Row row) {
    return new LoginState(
      row.getString("login"),
      row.getLong("last_successful_login"),
      row.getLong("last_failed_login"),
      row.getString("last_failed_ip"),
      row.getInteger("failures"),
      row.getLong("window_started_at"),
      row.getInteger("lockouts"),
      row.getLong("locked_until"),
      row.getString("node_version"));
  }

  private static ControllerSession firstSession(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new ControllerSession(
      row.getString("session_id"),
      row.getString("login"),
      row.getLong("issued_at"),
      row.getLong("expires_at"),
      row.getString("server_manager_token"),
      row.getString("organization_admin_token"),
      row.getLong("previous_successful_login"));
  }
}
