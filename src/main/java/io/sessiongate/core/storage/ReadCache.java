package io.sessiongate.core.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Values read from the store, kept in memory for the reads after them and dropped when they change
 * ({@link #invalidate}); read from any event loop. A read that overlapped an invalidation may have read what
 * the invalidation was about, so it is answered but not kept. Nulls are never kept.
 */
public final class ReadCache<V> {
  private final Cache<String, V> values;
  /** Moves on every invalidation: a read that started before one is not kept. */
  private final AtomicLong invalidations = new AtomicLong();

  /** {@code values}: built with {@link #onReadingThread()} and whatever bounds the caller wants. */
  public ReadCache(Caffeine<Object, Object> values) {
    this.values = values.build();
  }

  /**
   * A Caffeine builder whose upkeep is done by the reading thread (an event loop), in small amortized steps:
   * by default the common pool would be woken per batch of reads, on the request path.
   */
  public static Caffeine<Object, Object> onReadingThread() {
    return Caffeine.newBuilder().executor(Runnable::run);
  }

  public V cached(String key) {
    return values.getIfPresent(key);
  }

  public void put(String key, V value) {
    values.put(key, value);
  }

  /** The cached value of {@code key}, or what {@code read} answers for it (kept unless it changed meanwhile). */
  public Future<V> get(String key, Function<String, Future<V>> read) {
    V hit = values.getIfPresent(key);
    return hit != null ? Future.succeededFuture(hit) : keep(() -> read.apply(key), value -> key);
  }

  /** What {@code read} answers, kept under {@code keyOf} its value unless an invalidation overlapped the read. */
  public Future<V> keep(Supplier<Future<V>> read, Function<V, String> keyOf) {
    long before = invalidations.get();
    return read.get().onSuccess(value -> {
      if (value != null && invalidations.get() == before) {
        String key = keyOf.apply(value);
        values.put(key, value);
        // An invalidation between the check and the put would otherwise be lost.
        if (invalidations.get() != before) {
          values.invalidate(key);
        }
      }
    });
  }

  public void invalidate(String key) {
    invalidations.incrementAndGet();
    values.invalidate(key);
  }

  public void invalidateAll() {
    invalidations.incrementAndGet();
    values.invalidateAll();
  }
}
