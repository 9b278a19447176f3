package io.sessiongate.core.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether this node can reach its store now, for readiness and for the logs. A probe ({@code SELECT 1} on the
 * shared pool, so it waits for a connection as requests do) runs every {@link #PROBE_EVERY_MILLIS}, and at once
 * when a request met an outage; a probe without an answer within {@link #PROBE_DEADLINE_MILLIS} counts as
 * lost, so a stopped or frozen server is reported within a second. One WARN when the store is lost, one INFO
 * when it is back (with the outage's length and how many requests were answered 503 since the last recovery, so
 * those answered in the moment before the probe noticed count too), never one per request.
 */
public final class StoreHealth {
  private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);
  static final long PROBE_EVERY_MILLIS = 100;
  static final long PROBE_DEADLINE_MILLIS = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong unavailableAnswers = new AtomicLong();
  private final AtomicLong answersAtLastRecovery = new AtomicLong();
  private volatile boolean up = true;
  private volatile String lostBecause;
  private volatile long lostAtMillis;
  private Counter unavailableCounter;
  private volatile long timer = -1;
  private volatile boolean stopped;

  private StoreHealth(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** The in-process store cannot be lost. */
  static StoreHealth inProcess() {
    return new StoreHealth(null, null);
  }

  /**
   * Starts probing {@code pool} (the unbounded one: the probe keeps its own deadline). The first probe opens the
   * pool's first connection, which takes longer than a probe's deadline on a cold JVM: it is given the pool's
   * own acquire timeout, and the periodic probes start when it has answered.
   */
  static StoreHealth probing(Vertx vertx, Pool pool) {
    StoreHealth health = new StoreHealth(vertx, pool);
    long started = System.currentTimeMillis();
    pool.query("SELECT 1").execute().onComplete(first -> {
      if (first.failed() && isClosed(first.cause())) {
        return;
      }
      if (first.failed()) {
        health.lost(StoreFailures.describe(first.cause()), started);
      }
      if (!health.stopped) {
        health.timer = vertx.setPeriodic(PROBE_EVERY_MILLIS, id -> health.probe());
      }
    });
    return health;
  }

  /** Exposes {@code sessiongate_store_up} and {@code sessiongate_store_unavailable_answers_total}. */
  public void bindTo(MeterRegistry registry) {
    unavailableCounter = Counter.builder("sessiongate.store.unavailable.answers")
      .description("Requests answered 503 because the store (PostgreSQL) could not be reached or did not answer in time")
      .register(registry);
    Gauge.builder("sessiongate.store.up", this, health -> health.up ? 1 : 0)
      .description("1 while the store answers this node's probe, 0 during an outage")
      .register(registry);
  }

  public boolean isUp() {
    return up;
  }

  /** For {@code /health/ready}: the store kind when up; why and since when when not. */
  public JsonObject describe() {
    if (up) {
      return new JsonObject().put("store", pool == null ? "memory" : "postgres");
    }
    return new JsonObject().put("store", "postgres").put("reason", lostBecause)
      .put("downForMillis", System.currentTimeMillis() - lostAtMillis);
  }

  /** A request is being answered 503 because of the store. */
  public void answeredUnavailable() {
    unavailableAnswers.incrementAndGet();
    if (unavailableCounter != null) {
      unavailableCounter.increment();
    }
  }

  /** A store call met an outage: probe now instead of at the next period, so readiness follows at once. */
  void suspect(Throwable failure) {
    if (vertx != null && up) {
      vertx.runOnContext(v -> probe());
    }
  }

  private void probe() {
    if (!probing.compareAndSet(false, true)) {
      return;
    }
    long started = System.currentTimeMillis();
    Future<?> answered = pool.query("SELECT 1").execute();
    long deadline = vertx.setTimer(PROBE_DEADLINE_MILLIS, id -> {
      if (!answered.isComplete()) {
        lost("no answer from PostgreSQL within " + PROBE_DEADLINE_MILLIS + " ms", started);
      }
    });
    // The next probe waits for this one to end, even past its deadline: one probe holds at most one connection.
    answered.onComplete(done -> {
      vertx.cancelTimer(deadline);
      probing.set(false);
      if (done.succeeded()) {
        back();
      } else if (isClosed(done.cause())) {
        // The node is shutting down (or its Vert.x was closed under it): nothing left to watch.
        stop();
      } else {
        lost(StoreFailures.describe(done.cause()), started);
      }
    });
  }

  private synchronized void lost(String reason, long sinceMillis) {
    if (!up) {
      return;
    }
    up = false;
    lostBecause = reason;
    lostAtMillis = sinceMillis;
    LOG.warn("store lost: {}; requests that need it are answered 503 with Retry-After until it is back", reason);
  }

  private synchronized void back() {
    if (up) {
      return;
    }
    up = true;
    long outage = System.currentTimeMillis() - lostAtMillis;
    LOG.info("store back after {} ms; {} request(s) answered 503 meanwhile (the outage was: {})", outage,
      unavailableAnswers.get() - answersAtLastRecovery.getAndSet(unavailableAnswers.get()), lostBecause);
  }

  private static boolean isClosed(Throwable failure) {
    return "Pool closed".equals(failure.getMessage());
  }

  void stop() {
    stopped = true;
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
