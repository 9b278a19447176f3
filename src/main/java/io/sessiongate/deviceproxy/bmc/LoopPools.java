package io.sessiongate.deviceproxy.bmc;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One device's keep-alive connections, split into one pool per event loop, so that a request and its BMC
 * connection are served by the same thread. Vert.x's HTTP client hands a request any free connection of its pool
 * (the most recently used), whichever event loop it belongs to; half the requests of a 2-loop node then crossed
 * threads twice (the write to the connection's loop, the answer back to the request's), which cost the device
 * proxy about a fifth of its CPU per request (DECISIONS.md, "Hot paths").
 * <p>The device's {@code maxConcurrentRequests} is a cap on the BMC, so the loops share it: each pool gets its part
 * of the slots and of the wait queue. A request goes to its own loop's pool while that has a slot free, else to a
 * pool that has one (a cross-thread request rather than a wait while the BMC has room), else it waits in its own
 * loop's queue, and in another's when that is full. Slots in use are counted here only to choose: the pools
 * themselves hold the cap. A loop's pool is made when the device is busy (as many requests in flight as there are
 * loops); until then a request takes a pool another loop made, so a quiet device holds one pool and its few
 * connections. A device with fewer than {@link #MIN_SLOTS_PER_LOOP} slots per loop keeps one pool.
 */
final class LoopPools {
  static final int MIN_SLOTS_PER_LOOP = 4;
  /** Each pool's count on a cache line of its own: the loops update them at once. */
  private static final int STRIDE = 16;

  /** Each made at its first use: a device read from one loop (most of a fleet) holds one pool, not one per loop. */
  private final AtomicReferenceArray<HttpClientAgent> pools;
  private final Vertx vertx;
  private final HttpClientOptions options;
  private final int queuedPerSlot;
  private final int[] slots;
  private final AtomicIntegerArray inUse;
  private volatile boolean closed;
  /** The index of each event loop's pool; read-only once made. */
  private final Map<EventLoop, Integer> byLoop = new IdentityHashMap<>();

  LoopPools(Vertx vertx, HttpClientOptions options, int maxConcurrentRequests, int queuedPerSlot) {
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loops.add((EventLoop) loop);
    }
    int max = Math.max(1, maxConcurrentRequests);
    int count = max >= MIN_SLOTS_PER_LOOP * loops.size() ? loops.size() : 1;
    this.vertx = vertx;
    this.options = new HttpClientOptions(options);
    this.queuedPerSlot = queuedPerSlot;
    pools = new AtomicReferenceArray<>(count);
    slots = new int[count];
    inUse = new AtomicIntegerArray(count * STRIDE);
    for (int i = 0; i < count; i++) {
      slots[i] = max / count + (i < max % count ? 1 : 0);
    }
    for (int i = 0; count > 1 && i < loops.size(); i++) {
      byLoop.put(loops.get(i), i);
    }
  }

  int size() {
    return pools.length();
  }

  /** The pools made so far. */
  int made() {
    int made = 0;
    for (int i = 0; i < pools.length(); i++) {
      made += pools.get(i) == null ? 0 : 1;
    }
    return made;
  }

  /**
   * A connection of its own, outside the pools' slots, made by the pool a request from here would start from: a
   * quiet device gets no pool more for it.
   */
  Future<HttpClientConnection> connect(HttpConnectOptions connect) {
    return pool(startingPool()).connect(connect);
  }

  private HttpClientAgent pool(int index) {
    HttpClientAgent pool = pools.get(index);
    if (pool != null) {
      return pool;
    }
    if (closed) {
      // As a closed Vert.x client answers: a pool made now would never be shut down.
      throw new IllegalStateException("Client is closed");
    }
    HttpClientAgent made = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(slots[index])
      .setHttp2MaxSize(1).setMaxWaitQueueSize(slots[index] * queuedPerSlot));
    if (pools.compareAndSet(index, null, made)) {
      if (closed) {
        // Shut down while it was being made: shutdown() may not have seen it.
        made.close();
      }
      return made;
    }
    made.close();
    return pools.get(index);
  }

  /**
   * Runs {@code exchange} on a connection of the pool chosen as the class says. The slot counts as in use until
   * the exchange fails, or until {@code busyUntil} of its result completes (null: the exchange's own end).
   */
  <T> Future<T> use(Function<HttpClient, Future<T>> exchange, Function<T, Future<?>> busyUntil) {
    if (pools.length() == 1) {
      return exchange.apply(pool(0));
    }
    int local = startingPool();
    int chosen = local;
    for (int k = 0; k < pools.length(); k++) {
      int candidate = (local + k) % pools.length();
      if (inUse.get(candidate * STRIDE) < slots[candidate]) {
        chosen = candidate;
        break;
      }
    }
    return useFrom(chosen, pools.length(), exchange, busyUntil);
  }

  /** This loop's pool; for a quiet device whose pool for this loop is not made yet, the one it has. */
  private int startingPool() {
    int local = localIndex();
    if (pools.get(local) == null && !busy()) {
      // A quiet device (most of a fleet) stays on the pool it has: a pool more is memory, and more connections
      // and TLS handshakes for an embedded BMC, to save a thread hop on a rare request.
      return firstMade(local);
    }
    return local;
  }

  /** At least one request per pool in flight or queued: enough for each loop's own pool to pay. */
  private boolean busy() {
    int total = 0;
    for (int i = 0; i < pools.length(); i++) {
      total += inUse.get(i * STRIDE);
    }
    return total >= pools.length();
  }

  private int firstMade(int otherwise) {
    for (int i = 0; i < pools.length(); i++) {
      if (pools.get(i) != null) {
        return i;
      }
    }
    return otherwise;
  }

  /** On {@code pool}, or, while its wait queue is full, on the next of the {@code left} pools. */
  private <T> Future<T> useFrom(int pool, int left, Function<HttpClient, Future<T>> exchange,
                                Function<T, Future<?>> busyUntil) {
    inUse.incrementAndGet(pool * STRIDE);
    Future<T> result;
    try {
      result = exchange.apply(pool(pool));
    } catch (RuntimeException e) {
      inUse.decrementAndGet(pool * STRIDE);
      throw e;
    }
    result.onComplete(done -> {
      if (done.failed() || busyUntil == null) {
        inUse.decrementAndGet(pool * STRIDE);
      } else {
        busyUntil.apply(done.result()).onComplete(over -> inUse.decrementAndGet(pool * STRIDE));
      }
    });
    // Refused before anything was sent: the exchange can go to another pool's queue as it is.
    return left <= 1 ? result : result.recover(err -> err instanceof ConnectionPoolTooBusyException
      ? useFrom((pool + 1) % pools.length(), left - 1, exchange, busyUntil) : Future.failedFuture(err));
  }

  private int localIndex() {
    if (pools.length() == 1) {
      return 0;
    }
    ContextInternal context = ContextInternal.current();
    Integer index = context == null ? null : byLoop.get(context.nettyEventLoop());
    return index == null ? 0 : index;
  }

  /** Lets requests in flight finish (up to {@code millis}), then closes every pool's connections. */
  Future<Void> shutdown(long millis) {
    closed = true;
    List<Future<Void>> over = new ArrayList<>();
    for (int i = 0; i < pools.length(); i++) {
      HttpClientAgent pool = pools.get(i);
      if (pool != null) {
        over.add(pool.shutdown(millis, TimeUnit.MILLISECONDS));
      }
    }
    return Future.all(over).mapEmpty();
  }
}
