package io.sessiongate.core.http;

import io.sessiongate.core.bus.BusEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How every API's session verticle starts and stops: prepare its state (open the store, resume work), then
 * serve its event-bus addresses; on stop, stop serving first. Subclasses write only the two hooks.
 */
public abstract class SessionVerticle extends VerticleBase {
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();

  @Override
  public final Future<?> start() {
    return prepare().map(v -> {
      serveAddresses();
      return null;
    });
  }

  @Override
  public final Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
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

  /** Runs {@code work} periodically on this verticle's event loop (expiry sweeps and the like). */
  protected final void every(Duration period, Runnable work) {
    timers.add(vertx.setPeriodic(period.toMillis(), id -> work.run()));
  }
}
