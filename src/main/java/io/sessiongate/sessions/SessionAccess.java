package io.sessiongate.sessions;

import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * The caller's session: a gateway session token in {@code Authorization: Bearer} or {@code X-Auth-Token}
 * when one is sent (an explicit credential wins), else in the session cookie a login set. Checked in the
 * router (signature, expiry, revocation on every node); credentials without a session (HTTP Basic) are refused.
 */
final class SessionAccess implements Access {
  private final Authenticator authenticator;
  private final CredentialAccess headers;
  private final String cookieName;

  SessionAccess(Authenticator authenticator, String cookieName) {
    this.authenticator = authenticator;
    this.headers = CredentialAccess.tokens(authenticator);
    this.cookieName = cookieName;
  }

  @Override
  public Future<Principal> resolve(RoutingContext ctx) {
    return presented(ctx).compose(principal -> principal.sessionId() != null
      ? Future.succeededFuture(principal)
      : Future.failedFuture(ApiError.unauthorized("These credentials carry no session; log in with POST /session/login.")));
  }

  private Future<Principal> presented(RoutingContext ctx) {
    if (ctx.request().getHeader("Authorization") != null || ctx.request().getHeader("X-Auth-Token") != null) {
      return headers.resolve(ctx);
    }
    Cookie cookie = ctx.request().getCookie(cookieName);
    if (cookie == null || cookie.getValue().isEmpty()) {
      return Future.failedFuture(ApiError.unauthorized("No session: log in with POST /session/login, then send "
        + "its " + cookieName + " cookie or Authorization: Bearer <session token>."));
    }
    return authenticator.token(cookie.getValue());
  }
}
