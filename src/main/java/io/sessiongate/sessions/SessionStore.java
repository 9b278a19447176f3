package io.sessiongate.sessions;

import io.sessiongate.core.api.LocalMessage;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;

/**
 * The sessions controller's state: per-login failure tracking and lockout ({@link LoginState}) and the
 * controller's part of each session ({@link ControllerSession}). Every change is one transaction or one
 * statement; changes to a login's state are made under that login's row lock, so nodes sharing the
 * PostgreSQL store agree on failure counts and lockouts. Both backends pass {@code SessionStoreContract}.
 */
interface SessionStore {
  static SessionStore create(Storage storage) {
    return storage.isPostgres() ? new PgSessionStore(storage.pool()) : new InMemorySessionStore();
  }

  /** A successful login as admitted: the stored session and the login state after it. */
  record Admission(ControllerSession session, LoginState state) implements LocalMessage {
  }

  /** What is recorded for {@code login}; {@link LoginState#none} when nothing is. */
  Future<LoginState> loginState(String login);

  /** Records a failed login (see {@link LoginState#afterFailure}); answers the new state. */
  Future<LoginState> recordFailure(String login, String ip, long now, boolean counted, LockoutPolicy policy);

  /**
   * Records a successful login and stores its session, together, unless the login is locked at {@code now}
   * (another node may have locked it since the caller looked): then answers null and changes nothing. The
   * stored session carries the login's previous successful login.
   */
  Future<Admission> admit(ControllerSession session, String nodeVersion, long now);

  /** The session, or null. */
  Future<ControllerSession> session(String sessionId);

  /** The session one of whose endpoints tokens is {@code token}, or null. */
  Future<ControllerSession> sessionWithEndpointsToken(String token);

  /**
   * Gives the session the endpoints tokens of {@code session}; the ones it had stop resolving. A session
   * the controller has no record of (a token from {@code POST /auth/token}) is recorded. Answers the stored session.
   */
  Future<ControllerSession> replaceEndpointsTokens(ControllerSession session);

  /** Forgets the session and its endpoints tokens. */
  Future<Void> end(String sessionId);

  /**
   * Forgets sessions expired at {@code now}, and the state of logins that never succeeded, are not locked and
   * last failed more than {@code staleMillis} ago (guessed logins would otherwise pile up).
   */
  Future<Void> prune(long now, long staleMillis);
}
