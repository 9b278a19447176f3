package io.sessiongate.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.sessiongate.core.storage.ReadCache;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Turns a presented credential into a {@link Principal}. A token is verified once and then served from a
 * cache until it expires; every hit is still checked against the {@link RevocationRegistry}, so a logout
 * anywhere in the cluster is refused on the next request here.
 */
public final class Authenticator {
  private final TokenService tokens;
  private final RevocationRegistry revocations;
  private final PasswordCheck passwords;
  private final Clock clock;
  private final Cache<String, Principal> validated;
  private final List<TokenResolver> resolvers = new CopyOnWriteArrayList<>();

  public Authenticator(TokenService tokens, RevocationRegistry revocations, PasswordCheck passwords, int cacheSize,
                       Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
    this.revocations = revocations;
    this.passwords = passwords;
    this.validated = ReadCache.onReadingThread()
      .maximumSize(cacheSize)
      // The cache's time is the clock's, so a validated token leaves it when the clock says it expired.
      .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
      .expireAfter(new Expiry<String, Principal>() {
        @Override
        public long expireAfterCreate(String token, Principal principal, long now) {
          return Math.max(0, principal.expiresAtMillis() - clock.millis()) * 1_000_000L;
        }

        @Override
        public long expireAfterUpdate(String token, Principal principal, long now, long current) {
          return expireAfterCreate(token, principal, now);
        }

        @Override
        public long expireAfterRead(String token, Principal principal, long now, long current) {
          return current;
        }
      })
      .build();
  }

  /** Slices that issue opaque tokens register here; they are asked, in order, for tokens that are not JWTs. */
  public void addResolver(TokenResolver resolver) {
    resolvers.add(resolver);
  }

  /** A bearer token from any header the API accepts (Authorization: Bearer, X-Auth-Token, a cookie). */
  public Future<Principal> token(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(ApiError.unauthorized("No credentials were given."));
    }
    Principal cached = validated.getIfPresent(token);
    if (cached != null) {
      return checked(cached);
    }
    Future<Principal> resolved = looksLikeJwt(token)
      ? tokens.verify(token).recover(err -> Future.failedFuture(ApiError.unauthorized("The token is not valid or has expired.")))
      : resolveOpaque(token, 0);
    return resolved.compose(principal -> {
      validated.put(token, principal);
      return checked(principal);
    });
  }

  /**
   * A token a slice just issued, with its principal: its first uses need no resolution (a client that logs in
   * uses its token at once). Revocation and expiry are checked on every use, as for any cached token.
   */
  public void remember(String token, Principal principal) {
    validated.put(token, principal);
  }

  /** Forgets a cached token at once (the slice that owns it has ended its session). */
  public void forget(String token) {
    validated.invalidate(token);
  }

  /** HTTP Basic or a login form: a principal with no session. */
  public Future<Principal> password(String login, String password) {
    return passwords.verify(login, password).compose(user -> {
      if (!user.active()) {
        return Future.failedFuture(ApiError.forbidden("The account '" + login + "' is deactivated."));
      }
      long now = clock.millis();
      return Future.succeededFuture(new Principal(user.login(), user.tenant(), user.roles(), user.privileges(),
        null, now, now + 60_000));
    });
  }

  private Future<Principal> resolveOpaque(String token, int index) {
    if (index >= resolvers.size()) {
      return Future.failedFuture(ApiError.unauthorized("The token is not valid or has expired."));
    }
    return resolvers.get(index).resolve(token)
      .compose(principal -> principal != null ? Future.succeededFuture(principal) : resolveOpaque(token, index + 1));
  }

  private Future<Principal> checked(Principal principal) {
    if (principal.expiresAtMillis() <= clock.millis()) {
      return Future.failedFuture(ApiError.unauthorized("The token has expired."));
    }
    if (revocations.isRevoked(principal)) {
      return Future.failedFuture(ApiError.unauthorized("The session of this token has ended."));
    }
    return Future.succeededFuture(principal);
  }

  private static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    return first > 0 && token.indexOf('.', first + 1) > first;
  }
}
