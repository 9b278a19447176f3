package io.sessiongate.sessions;

import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.TokenService;
import io.sessiongate.core.auth.User;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.slice.SessionVerticle;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.sessions.SessionCommands.OpenedSession;
import io.sessiongate.sessions.SessionCommands.PasswordLogin;
import io.sessiongate.sessions.SessionCommands.TokenLogin;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * Owns the sessions controller's state: login tracking and lockout, and the controller's part of each
 * session. The session token itself is a gateway JWT (so every API accepts it and the identity core revokes
 * it on every node); this verticle adds what the controller shows and checks around it.
 *
 * <p>Addresses (local event bus, request/reply; failures are {@link ApiError}s):
 * <ul>
 *   <li>{@link #LOGIN}: {@link PasswordLogin} → {@link OpenedSession} (user login, or node login when it
 *       carries a version)</li>
 *   <li>{@link #TOKEN_LOGIN}: {@link TokenLogin} → {@link OpenedSession}</li>
 *   <li>{@link #LOGOUT}: the caller's {@link Principal} → null</li>
 *   <li>{@link #REFRESH_ENDPOINTS_TOKENS}: {@link Principal} → {@link SessionInfo} with the new tokens</li>
 *   <li>{@link #SESSION_INFO}: {@link Principal} → {@link SessionInfo}</li>
 *   <li>{@link #USER_DETAILS}: {@link Principal} → {@link UserDetails}</li>
 * </ul>
 */
public final class SessionsControllerVerticle extends SessionVerticle {
  public static final String LOGIN = "sessiongate.sessions-controller.login";
  public static final String TOKEN_LOGIN = "sessiongate.sessions-controller.login-with-token";
  public static final String LOGOUT = "sessiongate.sessions-controller.logout";
  public static final String REFRESH_ENDPOINTS_TOKENS = "sessiongate.sessions-controller.refresh-endpoints-tokens";
  public static final String SESSION_INFO = "sessiongate.sessions-controller.session-info";
  public static final String USER_DETAILS = "sessiongate.sessions-controller.user-details";

  /** The one answer to every refused password login: it never tells a wrong password from a locked or unknown login. */
  static final String BAD_CREDENTIALS = "Invalid login or password.";
  static final String BAD_TOKEN = "The token is not valid, has expired or has been revoked.";

  private static final Logger LOG = LoggerFactory.getLogger(SessionsControllerVerticle.class);
  private static final Duration PRUNE_PERIOD = Duration.ofMinutes(1);
  private static final long STALE_FAILURES_MILLIS = Duration.ofDays(7).toMillis();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Identity identity;
  private final Storage storage;
  private final SessionsControllerSettings settings;
  private SessionStore store;
  /** What the session info reads per request, kept until the revocation feed says it changed (on any node). */
  private final SessionViews views;

  SessionsControllerVerticle(Identity identity, Storage storage, SessionsControllerSettings settings, SessionViews views) {
    this.identity = identity;
    this.storage = storage;
    this.settings = settings;
    this.views = views;
  }

  @Override
  protected Future<Void> prepare() {
    store = SessionStore.create(storage);
    duty("sessions-controller.prune", PRUNE_PERIOD, () -> store.prune(identity.clock().millis(), STALE_FAILURES_MILLIS)
      .onFailure(err -> LOG.warn("could not prune sessions-controller state: {}", err.getMessage())));
    return Future.succeededFuture();
  }

  @Override
  protected void serveAddresses() {
    serve(LOGIN, this::passwordLogin);
    serve(TOKEN_LOGIN, this::tokenLogin);
    serve(LOGOUT, this::logout);
    serve(REFRESH_ENDPOINTS_TOKENS, this::refreshEndpointsTokens);
    serve(SESSION_INFO, this::sessionInfo);
    serve(USER_DETAILS, this::userDetails);
  }

  private Future<OpenedSession> passwordLogin(PasswordLogin login) {
    return store.loginState(login.login()).compose(state -> {
      if (state.lockedAt(identity.clock().millis())) {
        // No password check while locked: the answer is the same 401, so it reveals nothing.
        return refused(login.login(), login.clientIp(), null, false, ApiError.unauthorized(BAD_CREDENTIALS));
      }
      return identity.passwords().verify(login.login(), login.password())
        .recover(err -> isUnauthorized(err)
          ? refused(login.login(), login.clientIp(), login.requestId(), true, ApiError.unauthorized(BAD_CREDENTIALS))
          : Future.failedFuture(err))
        .compose(user -> {
          ApiError refusal = refusal(user, login.nodeVersion());
          return refusal != null
            ? refused(user.login(), login.clientIp(), null, false, refusal)
            : open(user, login.nodeVersion(), login.clientIp());
        });
    });
  }

  /** Why a user whose password is right may not log in this way, or null. */
  private ApiError refusal(User user, String nodeVersion) {
    if (!user.active()) {
      return ApiError.forbidden("The account '" + user.login() + "' is deactivated.");
    }
    if (nodeVersion == null) {
      return user.kind() == User.AccountKind.NODE
        ? ApiError.forbidden("The account '" + user.login() + "' is a node account; nodes log in at POST /session/node/login.")
        : null;
    }
    if (user.kind() != User.AccountKind.NODE) {
      return ApiError.forbidden("The account '" + user.login() + "' is not a node account (its kind is "
        + user.kind() + "); only accounts of kind NODE may use node login.");
    }
    NodeVersion reported = NodeVersion.parse(nodeVersion);
    NodeVersion oldest = settings.minNodeVersion();
    if (oldest != null && (reported == null || reported.isOlderThan(oldest))) {
      return ApiError.forbidden("Node version '" + nodeVersion + "' is not compatible with this server: the oldest "
        + "node version it accepts is " + oldest + ". Upgrade the node.").at("/version");
    }
    return null;
  }

  private Future<OpenedSession> tokenLogin(TokenLogin login) {
    return store.sessionWithEndpointsToken(login.token())
      .compose(session -> session != null ? ownerOfEndpointsToken(session)
        : identity.authenticator().token(login.token()).map(Principal::login))
      .recover(err -> isUnauthorized(err) ? Future.failedFuture(ApiError.unauthorized(BAD_TOKEN)) : Future.failedFuture(err))
      .compose(owner -> identity.users().find(owner))
      .compose(user -> {
        if (user == null) {
          return Future.failedFuture(ApiError.unauthorized(BAD_TOKEN));
        }
        if (!user.active()) {
          return refused(user.login(), login.clientIp(), null, false,
            ApiError.forbidden("The account '" + user.login() + "' is deactivated."));
        }
        return open(user, null, login.clientIp());
      });
  }

  private Future<String> ownerOfEndpointsToken(ControllerSession session) {
    boolean ended = session.expiresAt() <= identity.clock().millis()
      || identity.revocations().isRevoked(session.asPrincipal());
    return ended ? Future.failedFuture(ApiError.unauthorized(BAD_TOKEN)) : Future.succeededFuture(session.login());
  }

  private Future<OpenedSession> open(User user, String nodeVersion, String clientIp) {
    TokenService.IssuedToken token = identity.tokens().issue(user, UUID.randomUUID().toString(),
      settings.sessionTtlSeconds());
    ControllerSession session = new ControllerSession(token.sessionId(), user.login(), token.issuedAtMillis(),
      token.expiresAtMillis(), endpointsToken(), endpointsToken(), null);
    return store.admit(session, nodeVersion, identity.clock().millis()).compose(admission -> admission == null
      ? refused(user.login(), clientIp, null, false, ApiError.unauthorized(BAD_CREDENTIALS))
      : loginStateChanged(user.login()).map(new OpenedSession(token.token(), token.expiresAtMillis(),
          new SessionInfo(user, admission.session(), admission.state()))));
  }

  /** Records the failed login (and audits the lockout it starts), then fails with {@code error}. */
  private <T> Future<T> refused(String login, String clientIp, String requestId, boolean counted, ApiError error) {
    long now = identity.clock().millis();
    return store.recordFailure(login, clientIp, now, counted, settings.lockout())
      .compose(state -> loginStateChanged(login).map(state))
      .compose(state -> {
        if (counted && state.lockedAt(now)) {
          AuditLog.of(vertx).lockedOut("sessions", login, clientIp, state.lockedUntil(), requestId);
        }
        return Future.failedFuture(error);
      });
  }

  private Future<Void> logout(Principal principal) {
    return identity.endSession(principal).compose(v -> store.end(principal.sessionId()));
  }

  private Future<SessionInfo> refreshEndpointsTokens(Principal principal) {
    ControllerSession fresh = new ControllerSession(principal.sessionId(), principal.login(),
      principal.issuedAtMillis(), principal.expiresAtMillis(), endpointsToken(), endpointsToken(), null);
    return store.replaceEndpointsTokens(fresh)
      .compose(session -> announced(identity.sessionChanged(session.sessionId())).map(session))
      .compose(session -> describe(principal, session));
  }

  /**
   * Other nodes cache the login state: tell them it changed before answering. The change itself is
   * durable; a notice that could not be sent only leaves it stale there until the cache's age limit.
   */
  private Future<Void> loginStateChanged(String login) {
    return announced(identity.loginChanged(login));
  }

  private static Future<Void> announced(Future<Void> notice) {
    return notice.otherwise(err -> {
      LOG.warn("could not announce a sessions-controller change to the other nodes: {}", err.getMessage());
      return null;
    });
  }

  private Future<SessionInfo> sessionInfo(Principal principal) {
    // The session and the user's details are independent reads: ask for both at once.
    Future<ControllerSession> session = views.sessions.get(principal.sessionId(), store::session);
    Future<UserDetails> details = userDetails(principal);
    return Future.all(session, details).map(both -> SessionInfo.of(details.result(), session.result()));
  }

  private Future<SessionInfo> describe(Principal principal, ControllerSession session) {
    return userDetails(principal).map(details -> SessionInfo.of(details, session));
  }

  private Future<UserDetails> userDetails(Principal principal) {
    // The account and its login state are independent reads: ask for both at once.
    Future<User> user = accountOf(principal);
    Future<LoginState> state = views.loginStates.get(principal.login(), store::loginState);
    return Future.all(user, state).map(both -> new UserDetails(user.result(), state.result()));
  }

  private Future<User> accountOf(Principal principal) {
    return identity.account(principal.login()).compose(user -> user != null
      ? Future.succeededFuture(user)
      : Future.failedFuture(ApiError.unauthorized("The account of this session no longer exists.")));
  }

  /** 256 random bits, URL-safe: an opaque token that only a store lookup can resolve. */
  private static String endpointsToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static boolean isUnauthorized(Throwable err) {
    return err instanceof ApiError error && error.reason() == ApiError.Reason.UNAUTHORIZED;
  }
}
