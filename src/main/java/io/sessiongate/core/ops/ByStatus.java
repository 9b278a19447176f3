package io.sessiongate.core.ops;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Per-status meters, made at a status's first use: an HTTP status (0 to 599) is found by index, with no boxed
 * key and no hash lookup per request; any other number a response carries is kept in a map.
 */
final class ByStatus<T> {
  private static final int COMMON = 600;

  private final AtomicReferenceArray<T> common = new AtomicReferenceArray<>(COMMON);
  private final ConcurrentMap<Integer, T> others = new ConcurrentHashMap<>();
  private final IntFunction<T> create;

  ByStatus(IntFunction<T> create) {
    this.create = create;
  }

  T get(int status) {
    if (status < 0 || status >= COMMON) {
      return others.computeIfAbsent(status, create::apply);
    }
    T known = common.get(status);
    return known != null ? known : made(status);
  }

  private synchronized T made(int status) {
    T known = common.get(status);
    if (known == null) {
      known = create.apply(status);
      common.set(status, known);
    }
    return known;
  }
}
