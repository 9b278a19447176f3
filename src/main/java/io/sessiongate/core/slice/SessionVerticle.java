package io.sessiongate.core.slice;

import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.cluster.ClusterDuty;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How every API's session verticle starts and stops: prepare its state (open the store, resume work), then
 * serve its event-bus addresses; on stop, stop serving first. Subclasses write only the two hooks.
 */
public abstract class SessionVerticle extends VerticleBase {
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private final List<Future<ClusterDuty>> duties = new ArrayList<>();

  @Override
  public final Future<?> start() {
    return prepare().compose(v -> {
      serveAddresses();
      return Future.all(duties);
    });
  }

  @Override
  public final Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    List<Future<Void>> withdrawn = duties.stream()
      .map(declared -> declared.compose(ClusterDuty::withdraw)).toList();
    return Future.join(withdrawn)
      .transform(ignored -> Future.all(consumers.stream().map(MessageConsumer::unregister).toList()))
      .compose(v -> release());
  }

  /** Opens what the verticle needs before it serves (store, caches, resumed work). */
  protected Future<Void> prepare() {
    return Future.succeededFuture();
  }

  /** Registers the addresses with {@link #serve}. */
  protected abstract void serveAddresses();

  /** Releases what {@link #prepare} opened. */
  protected Future<Void> release() {
    return Future.succeededFuture();
  }

  protected final <C, R> void serve(String address, Function<C, Future<R>> handler) {
    consumers.add(BusEndpoint.serve(vertx, address, handler));
  }

  /**
   * Runs {@code work} periodically on this verticle's event loop, on this node alone. For work on shared state
   * that one node of the cluster must do (sweeps of PostgreSQL tables), use {@link #duty}.
   */
  protected final void every(Duration period, Runnable work) {
    timers.add(vertx.setPeriodic(period.toMillis(), id -> work.run()));
  }

  /**
   * Runs {@code work} every {@code period} on this verticle's event loop while this node holds the cluster duty
   * {@code name} (one node of the cluster at a time; taken over when it dies or stops; see {@link ClusterDuty}).
   * The verticle starts once the duty is declared; the next run waits for the future of the previous one.
   */
  protected final void duty(String name, Duration period, Supplier<Future<?>> work) {
    duties.add(ClusterDuty.declare(vertx, name, period, work));
  }

  /**
   * Competes for the cluster claim {@code name} of {@code group}: while this node owns it, {@code held} has run
   * and {@code released} has not (see {@link ClusterDuty#claim}). Both run on this verticle's event loop.
   */
  protected final void claim(String group, String name, Supplier<Future<?>> held, Supplier<Future<?>> released) {
    duties.add(ClusterDuty.claim(vertx, group, name, held, released));
  }
}
