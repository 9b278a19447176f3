package io.sessiongate.core.auth;

import io.sessiongate.core.storage.ReadCache;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.function.Function;

/**
 * Stored values keyed by a login or by a session id, kept in memory until the revocation feed names their
 * key (a revocation or a change notice, from any node) or its connection had a gap; bounded in size, and
 * in age as a last resort should a notice ever be lost. A hit costs no store read. Nulls are never kept:
 * a value that does not exist yet may be created without a notice.
 */
public final class FeedCache<V> {
  private final boolean keyedByLogin;
  private final ReadCache<V> values;

  FeedCache(RevocationRegistry feed, boolean keyedByLogin, int maxSize, Duration maxAge) {
    this.keyedByLogin = keyedByLogin;
    this.values = new ReadCache<>(ReadCache.onReadingThread().maximumSize(maxSize).expireAfterWrite(maxAge));
    feed.onRevocation(this::noticed);
    feed.onFeedGap(values::invalidateAll);
  }

  /** The cached value of {@code key}, or what {@code load} answers for it (kept unless it changed meanwhile). */
  public Future<V> get(String key, Function<String, Future<V>> load) {
    return values.get(key, load);
  }

  /**
   * The cached value of {@code key}, or null: no load. For a reader that answers from memory when it can and
   * otherwise asks the value's owner (which loads it).
   */
  public V cached(String key) {
    return values.cached(key);
  }

  private void noticed(Revocation revocation) {
    if (revocation.kind().namesLogin() == keyedByLogin) {
      values.invalidate(revocation.key());
    }
  }
}
