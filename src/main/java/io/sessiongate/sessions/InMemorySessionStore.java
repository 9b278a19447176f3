package io.sessiongate.sessions;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/** One node's store; used only from the session verticle's event loop, so plain maps suffice. */
final class InMemorySessionStore implements SessionStore {
  private final Map<String, LoginState> states = new HashMap<>();
  private final Map<String, ControllerSession> sessions = new HashMap<>();
  private final Map<String, String> sessionOfEndpointsToken = new HashMap<>();

  @Override
  public Future<LoginState> loginState(String login) {
    return Future.succeededFuture(states.getOrDefault(login, LoginState.none(login)));
  }

  @Override
  public Future<LoginState> recordFailure(String login, String ip, long now, boolean counted, LockoutPolicy policy) {
    LoginState after = states.getOrDefault(login, LoginState.none(login)).afterFailure(ip, now, counted, policy);
    states.put(login, after);
    return Future.succeededFuture(after);
  }

  @Override
  public Future<Admission> admit(ControllerSession session, String nodeVersion, long now) {
    LoginState before = states.getOrDefault(session.login(), LoginState.none(session.login()));
    if (before.lockedAt(now)) {
      return Future.succeededFuture(null);
    }
    LoginState after = before.afterSuccess(now, nodeVersion);
    ControllerSession stored = session.withPreviousSuccessfulLogin(before.lastSuccessfulLogin());
    states.put(session.login(), after);
    put(stored);
    return Future.succeededFuture(new Admission(stored, after));
  }

  @Override
  public Future<ControllerSession> session(String sessionId) {
    return Future.succeededFuture(sessions.get(sessionId));
  }

  @Override
  public Future<ControllerSession> sessionWithEndpointsToken(String token) {
    String sessionId = sessionOfEndpointsToken.get(token);
    return Future.succeededFuture(sessionId == null ? null : sessions.get(sessionId));
  }

  @Override
  public Future<ControllerSession> replaceEndpointsTokens(ControllerSession session) {
    ControllerSession current = sessions.get(session.sessionId());
    ControllerSession stored = current == null ? session
      : current.withEndpointsTokens(session.serverManagerToken(), session.organizationAdminToken());
    remove(session.sessionId());
    put(stored);
    return Future.succeededFuture(stored);
  }

  @Override
  public Future<Void> end(String sessionId) {
    remove(sessionId);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> prune(long now, long staleMillis) {
    sessions.values().stream().filter(s -> s.expiresAt() < now).map(ControllerSession::sessionId).toList()
      .forEach(this::remove);
    states.values().removeIf(s -> s.lastSuccessfulLogin() == null && !s.lockedAt(now)
      && (s.lastFailedLogin() == null || s.lastFailedLogin() < now - staleMillis));
    return Future.succeededFuture();
  }

  private void put(ControllerSession session) {
    sessions.put(session.sessionId(), session);
    sessionOfEndpointsToken.put(session.serverManagerToken(), session.sessionId());
    sessionOfEndpointsToken.put(session.organizationAdminToken(), session.sessionId());
  }

  private void remove(String sessionId) {
    ControllerSession gone = sessions.remove(sessionId);
    if (gone != null) {
      sessionOfEndpointsToken.remove(gone.serverManagerToken());
      sessionOfEndpointsToken.remove(gone.organizationAdminToken());
    }
  }
}
