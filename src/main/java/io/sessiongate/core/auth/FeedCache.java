package io.sessiongate.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Stored values keyed by a login or by a session id, kept in memory until the revocation feed names their
 * key (a revocation or a change notice, from any node) or its connection had a gap; bounded in size, and
 * in age as a last resort should a notice ever be lost. A hit costs no store read. Nulls are never kept:
 * a value that does not exist yet may be created without a notice.
 */
public final class FeedCache<V> {
  private final boolean keyedByLogin;
  private final Cache<String, V> values;
  /**
   * Moves on every invalidation: a load that started before one may have read what the invalidation was
   * about, so its result is answered but not kept.
   */
  private final AtomicLong invalidations = new AtomicLong();

  FeedCache(RevocationRegistry feed, boolean keyedByLogin, int maxSize, Duration maxAge) {
    this.keyedByLogin = keyedByLogin;
    this.values = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(maxAge)
      // Its upkeep done by the reading thread (an event loop), in small amortized steps: the common pool would
      // be woken per batch of reads.
      .executor(Runnable::run).build();
    feed.onRevocation(this::noticed);
    feed.onFeedGap(this::clear);
  }

  /** The cached value of {@code key}, or what {@code load} answers for it (kept unless it changed meanwhile). */
  public Future<V> get(String key, Function<String, Future<V>> load) {
    V hit = values.getIfPresent(key);
    if (hit != null) {
      return Future.succeededFuture(hit);
    }
    long before = invalidations.get();
    return load.apply(key).onSuccess(loaded -> {
      if (loaded != null && invalidations.get() == before) {
        values.put(key, loaded);
        // An invalidation between the check and the put would otherwise be lost.
        if (invalidations.get() != before) {
          values.invalidate(key);
        }
      }
    });
  }

  /**
   * The cached value of {@code key}, or null: no load. For a reader that answers from memory when it can and
   * otherwise asks the value's owner (which loads it).
   */
  public V cached(String key) {
    return values.getIfPresent(key);
  }

  private void noticed(Revocation revocation) {
    if (revocation.kind().namesLogin() == keyedByLogin) {
      invalidations.incrementAndGet();
      values.invalidate(revocation.key());
    }
  }

  private void clear() {
    invalidations.incrementAndGet();
    values.invalidateAll();
  }
}
