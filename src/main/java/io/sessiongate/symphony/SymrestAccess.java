package io.sessiongate.symphony;

import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How symrest callers authenticate. Credentials in a header (Authorization: Basic or Bearer, X-Auth-Token)
 * are taken as they are: a browser never adds those on its own, so they need no CSRF token. The
 * {@code platform.rest.token} cookie set by {@code /auth/login} is added by browsers to any request, so on
 * state-changing calls it only counts together with the CSRF token of its login session ({@code csrftoken}
 * query parameter or {@code X-CSRF-Token} header).
 *
 * <p>The CSRF token is derived from the session token (a SHA-256 of it, truncated to 128 bits): only a client
 * that can read the login response knows it, any node can check it without a lookup, and it dies with the
 * session token (a renew revokes the old token everywhere).
 */
final class SymrestAccess implements Access {
  static final String COOKIE = "platform.rest.token";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_PARAMETER = "csrftoken";

  private final Authenticator authenticator;
  private final CredentialAccess headerCredentials;
  private final boolean stateChanging;

  private SymrestAccess(Authenticator authenticator, boolean stateChanging) {
    this.authenticator = authenticator;
    this.headerCredentials = CredentialAccess.tokens(authenticator).orBasic();
    this.stateChanging = stateChanging;
  }

  /** For reads: any credential, the cookie without a CSRF token. */
  static SymrestAccess reading(Authenticator authenticator) {
    return new SymrestAccess(authenticator, false);
  }

  /** For POST and DELETE: any header credential, or the cookie with its CSRF token (else 403). */
  static SymrestAccess stateChanging(Authenticator authenticator) {
    return new SymrestAccess(authenticator, true);
  }

  /** {@code /auth/login}: HTTP Basic only, since logging in is what turns a password into a session. */
  static Access basicOnly(Authenticator authenticator) {
    CredentialAccess basic = CredentialAccess.tokens(authenticator).orBasic();
    return ctx -> {
      String authorization = ctx.request().getHeader("Authorization");
      if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        return Future.failedFuture(ApiError.unauthorized("Log in with HTTP Basic credentials (Authorization: Basic)."));
      }
      return AuditLog.of(ctx).login(ctx, "symphony", AuditLog.basicLogin(authorization), basic.resolve(ctx));
    };
  }

  @Override
  public Future<Principal> resolve(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.getHeader("Authorization") != null || request.getHeader("X-Auth-Token") != null) {
      return headerCredentials.resolve(ctx);
    }
    String cookieToken = cookieToken(ctx);
    if (cookieToken == null) {
      return Future.failedFuture(ApiError.unauthorized("Authentication is required: log in at /auth/login and send "
        + "the " + COOKIE + " cookie, or send Authorization: Basic or Bearer."));
    }
    return authenticator.token(cookieToken).compose(principal -> {
      if (stateChanging && !csrfMatches(cookieToken, presentedCsrf(ctx))) {
        return Future.failedFuture(ApiError.forbidden(presentedCsrf(ctx) == null
          ? "This call changes state and the caller is authenticated by cookie: send the CSRF token of the login "
            + "(query parameter csrftoken or header X-CSRF-Token)."
          : "The CSRF token does not belong to this login session; use the one /auth/login or /auth/renew returned."));
      }
      return Future.succeededFuture(principal);
    });
  }

  /** The session token the caller presented: Bearer, X-Auth-Token or the cookie; null for Basic or nothing. */
  static String sessionToken(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
    }
    String xAuth = ctx.request().getHeader("X-Auth-Token");
    return xAuth != null ? xAuth.trim() : cookieToken(ctx);
  }

  static String presentedCsrf(RoutingContext ctx) {
    String header = ctx.request().getHeader(CSRF_HEADER);
    return header != null ? header : ctx.queryParams().get(CSRF_PARAMETER);
  }

  static String csrfTokenOf(String sessionToken) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(("symrest-csrf:" + sessionToken).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Constant-time, so the comparison leaks nothing about the expected token. */
  static boolean csrfMatches(String sessionToken, String presented) {
    return presented != null && MessageDigest.isEqual(csrfTokenOf(sessionToken).getBytes(StandardCharsets.UTF_8),
      presented.getBytes(StandardCharsets.UTF_8));
  }

  private static String cookieToken(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
  }
}
