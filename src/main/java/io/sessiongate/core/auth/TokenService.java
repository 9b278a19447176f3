package io.sessiongate.core.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Gateway JWTs, HS256 under a key every node shares: signing costs about a microsecond, so it never caps
 * session creation. Each token names its session ({@code sid}) so it can be revoked before it expires.
 * Issue and expiry times are read from the node's clock, not by the JWT library from the system's.
 */
public final class TokenService {
  private static final String ISSUER = "sessiongate";
  private static final String ALGORITHM = "HS256";
  private static final long LEEWAY_SECONDS = 5;

  private final JWTAuth jwt;
  private final int ttlSeconds;
  private final Clock clock;

  public TokenService(Vertx vertx, String secret, int ttlSeconds, Clock clock) {
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
      .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setIgnoreExpiration(true)));
  }

  public record IssuedToken(String token, String sessionId, long issuedAtMillis, long expiresAtMillis) {
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  public IssuedToken issue(User user, String sessionId, int ttl) {
    long now = clock.millis();
    JsonObject claims = new JsonObject()
      .put("sid", sessionId)
      .put("ten", user.tenant())
      .put("roles", new JsonArray(user.roles().stream().sorted().toList()))
      .put("prv", new JsonArray(user.privileges().stream().sorted().toList()))
      // JWT's iat has second precision; revocation compares milliseconds.
      .put("iat_ms", now)
      .put("iat", now / 1000)
      .put("exp", now / 1000 + ttl);
    String token = jwt.generateToken(claims, new JWTOptions()
      .setAlgorithm(ALGORITHM).setIssuer(ISSUER).setSubject(user.login()));
    return new IssuedToken(token, sessionId, now, now + ttl * 1000L);
  }

  /** The principal the token was issued for; fails when the signature, issuer or expiry is wrong. */
  public Future<Principal> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      // vertx-auth-jwt keeps the decoded payload under the "accessToken" attribute.
      JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
      long nowSeconds = clock.millis() / 1000;
      if (nowSeconds - LEEWAY_SECONDS >= claims.getLong("exp", 0L)
        || claims.getLong("iat", 0L) > nowSeconds + LEEWAY_SECONDS) {
        return Future.failedFuture("Invalid JWT token: token expired.");
      }
      return Future.succeededFuture(new Principal(
        claims.getString("sub"),
        claims.getString("ten"),
        strings(claims.getJsonArray("roles")),
        strings(claims.getJsonArray("prv")),
        claims.getString("sid"),
        claims.getLong("iat_ms", claims.getLong("iat", 0L) * 1000),
        claims.getLong("exp") * 1000));
    });
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> set = new HashSet<>();
    if (array != null) {
      array.forEach(v -> set.add(String.valueOf(v)));
    }
    return set;
  }
}
