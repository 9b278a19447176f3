package io.sessiongate.symphony;

import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.TokenService;
import io.sessiongate.core.auth.User;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * symrest's {@code /auth/login} and {@code /auth/renew}. The login session is a gateway session (a JWT with its
 * own sid) carried in the {@code platform.rest.token} cookie, so every node accepts it and a renew, which
 * revokes the old sid, is seen by every node.
 */
final class SymrestLogin {
  private final Identity identity;
  private final String cookiePath;

  SymrestLogin(Identity identity, String basePath) {
    this.identity = identity;
    this.cookiePath = basePath.isEmpty() ? "/" : basePath;
  }

  void login(RoutingContext ctx) {
    startSession(Access.principal(ctx))
      .onSuccess(issued -> reply(ctx, issued))
      .onFailure(ctx::fail);
  }

  /** A new token and CSRF token for the caller's login session; the old pair stops working everywhere. */
  void renew(RoutingContext ctx) {
    String current = SymrestAccess.sessionToken(ctx);
    String presented = ctx.queryParams().get(SymrestAccess.CSRF_PARAMETER);
    if (current == null || !SymrestAccess.csrfMatches(current, presented)) {
      ctx.fail(ApiError.invalid("The csrftoken is not the CSRF token of the caller's login session; log in again at "
        + "/auth/login if it was lost.", SymrestAccess.CSRF_PARAMETER));
      return;
    }
    Principal principal = Access.principal(ctx);
    startSession(principal)
      .compose(issued -> identity.endSession(principal).map(issued))
      .onSuccess(issued -> {
        identity.authenticator().forget(current);
        reply(ctx, issued);
      })
      .onFailure(ctx::fail);
  }

  private Future<TokenService.IssuedToken> startSession(Principal principal) {
    return identity.users().find(principal.login()).compose(user -> isActive(user)
      ? Future.succeededFuture(identity.issueToken(user))
      : Future.failedFuture(ApiError.unauthorized("The account '" + principal.login() + "' can no longer log in.")));
  }

  private static boolean isActive(User user) {
    return user != null && user.active();
  }

  private void reply(RoutingContext ctx, TokenService.IssuedToken issued) {
    ctx.response().addCookie(Cookie.cookie(SymrestAccess.COOKIE, issued.token())
      .setPath(cookiePath)
      .setSecure(true)
      .setHttpOnly(true)
      .setSameSite(CookieSameSite.STRICT)
      .setMaxAge((issued.expiresAtMillis() - issued.issuedAtMillis()) / 1000));
    Replies.json(ctx, 200, new JsonObject().put("csrftoken", SymrestAccess.csrfTokenOf(issued.token())));
  }
}
