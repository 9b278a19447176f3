package io.sessiongate.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sessiongate.core.bus.Contexts;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks a login and password. Argon2id runs on a bounded worker pool of its own, so a login flood queues
 * there (and is refused past a limit) instead of starving the event loops or other workers. A verified pair
 * is remembered briefly under an HMAC of login and password, keyed by a secret that never leaves this
 * process, so a repeated login or an HTTP Basic request costs microseconds.
 */
public final class PasswordCheck {
  private static final String DUMMY_HASH = new PasswordHasher().hash("no such user");

  private final UserStore users;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashPool;
  private final AtomicInteger queued = new AtomicInteger();
  private final int queueLimit;
  private final RevocationRegistry revocations;
  private final Clock clock;
  private final Cache<String, Verified> verified;
  private final ThreadLocal<Mac> mac;
  private final ConcurrentMap<String, Future<User>> checking = new ConcurrentHashMap<>();

  private record Verified(User user, long verifiedAtMillis) {
  }

  public PasswordCheck(Vertx vertx, UserStore users, PasswordHasher hasher, RevocationRegistry revocations,
                       int hashThreads, int queueLimit, int cacheSeconds, Clock clock) {
    this.users = users;
    this.clock = clock;
    this.hasher = hasher;
    this.revocations = revocations;
    this.queueLimit = queueLimit;
    this.hashPool = vertx.createSharedWorkerExecutor("sessiongate-password-hash", hashThreads);
    this.verified = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfterWrite(Duration.ofSeconds(Math.max(cacheSeconds, 0)))
      .build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
    this.mac = ThreadLocal.withInitial(() -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(key);
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
    });
    revocations.onRevocation(r -> {
      if (r.kind() == Revocation.Kind.USER) {
        verified.asMap().values().removeIf(v -> v.user().login().equals(r.key()));
      }
    });
  }

  /**
   * The user whose password this is. Fails with UNAUTHORIZED for a wrong login or password (the same
   * answer, after the same work, whether or not the login exists) and UNAVAILABLE when the hash pool is
   * saturated. The caller decides what an inactive account may do.
   */
  public Future<User> verify(String login, String password) {
    String cacheKey = cacheKey(login, password);
    Verified hit = verified.getIfPresent(cacheKey);
    if (hit != null && !revocations.isUserRevokedSince(login, hit.verifiedAtMillis())) {
      return Future.succeededFuture(hit.user());
    }
    // Identical logins that arrive together (a client fleet starting, a Basic-auth burst) share one hash.
    Promise<User> first = Promise.promise();
    Future<User> shared = checking.putIfAbsent(cacheKey, first.future());
    if (shared == null) {
      shared = first.future();
      check(login, password, cacheKey).onComplete(result -> {
        checking.remove(cacheKey);
        first.handle(result);
      });
    }
    return Contexts.here(shared);
  }

  private Future<User> check(String login, String password, String cacheKey) {
    return users.find(login).compose(user -> {
      String hash = user == null ? DUMMY_HASH : user.passwordHash();
      // Compared with revocation times, which are read from the same clock.
      long startedAt = clock.millis();
      return onHashPool(() -> hasher.verify(password, hash)).compose(matches -> {
        if (user == null || !matches) {
          return Future.failedFuture(ApiError.unauthorized("The login or password is incorrect."));
        }
        verified.put(cacheKey, new Verified(user, startedAt));
        return Future.succeededFuture(user);
      });
    });
  }

  /** Hashes a new password on the hash pool. */
  public Future<String> hash(String password) {
    return onHashPool(() -> hasher.hash(password));
  }

  private <T> Future<T> onHashPool(java.util.concurrent.Callable<T> work) {
    if (queued.incrementAndGet() > queueLimit) {
      queued.decrementAndGet();
      return Future.failedFuture(ApiError.unavailable("Too many logins are being checked; retry shortly.", 1));
    }
    return hashPool.executeBlocking(work, false).andThen(done -> queued.decrementAndGet());
  }

  private String cacheKey(String login, String password) {
    Mac m = mac.get();
    m.update(login.getBytes(StandardCharsets.UTF_8));
    m.update((byte) 0);
    return Base64.getEncoder().encodeToString(m.doFinal(password.getBytes(StandardCharsets.UTF_8)));
  }

  public Future<Void> close() {
    return hashPool.close();
  }
}
