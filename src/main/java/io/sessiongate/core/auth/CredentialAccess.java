package io.sessiongate.core.auth;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * The usual ways to present a gateway credential: {@code Authorization: Bearer <token>},
 * {@code X-Auth-Token: <token>} and, where the API allows it, {@code Authorization: Basic}. Slices add
 * their own (a cookie, say) by composing another {@link Access}.
 */
public final class CredentialAccess implements Access {
  private final Authenticator authenticator;
  private final boolean basic;
  private final Predicate<Principal> allowed;
  private final String refusal;

  private CredentialAccess(Authenticator authenticator, boolean basic, Predicate<Principal> allowed, String refusal) {
    this.authenticator = authenticator;
    this.basic = basic;
    this.allowed = allowed;
    this.refusal = refusal;
  }

  /** Bearer and X-Auth-Token. */
  public static CredentialAccess tokens(Authenticator authenticator) {
    return new CredentialAccess(authenticator, false, p -> true, null);
  }

  public CredentialAccess orBasic() {
    return new CredentialAccess(authenticator, true, allowed, refusal);
  }

  /** Only principals for which {@code rule} holds; others get 403 with {@code refusal}. */
  public CredentialAccess requiring(Predicate<Principal> rule, String refusal) {
    return new CredentialAccess(authenticator, basic, allowed.and(rule), refusal);
  }

  @Override
  public Future<Principal> resolve(RoutingContext ctx) {
    return authenticate(ctx).compose(principal -> allowed.test(principal)
      ? Future.succeededFuture(principal)
      : Future.failedFuture(ApiError.forbidden(refusal)));
  }

  private Future<Principal> authenticate(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      if (startsWithIgnoreCase(authorization, "Bearer ")) {
        return authenticator.token(authorization.substring(7).trim());
      }
      if (basic && startsWithIgnoreCase(authorization, "Basic ")) {
        return basicCredentials(authorization.substring(6).trim());
      }
      return Future.failedFuture(ApiError.unauthorized("The Authorization scheme is not accepted here; use "
        + (basic ? "Bearer or Basic." : "Bearer.")));
    }
    String token = ctx.request().getHeader("X-Auth-Token");
    if (token != null) {
      return authenticator.token(token.trim());
    }
    return Future.failedFuture(ApiError.unauthorized("Authentication is required: send Authorization: Bearer <token>"
      + (basic ? ", Authorization: Basic" : "") + " or X-Auth-Token."));
  }

  private Future<Principal> basicCredentials(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ApiError.unauthorized("The Basic credentials are not valid Base64."));
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Future.failedFuture(ApiError.unauthorized("The Basic credentials must be login:password."));
    }
    return authenticator.password(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private static boolean startsWithIgnoreCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
