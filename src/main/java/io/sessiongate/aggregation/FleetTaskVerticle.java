package io.sessiongate.aggregation;

import io.sessiongate.core.slice.SessionVerticle;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * Declares the {@link FleetTasks#DUTY} cluster duty: one node at a time deletes the expired tasks and takes over the
 * tasks whose node died; the tasks it takes over run on this verticle's event loop.
 */
final class FleetTaskVerticle extends SessionVerticle {
  private final FleetTasks tasks;
  private final Duration period;

  FleetTaskVerticle(FleetTasks tasks, FleetTaskSettings settings) {
    this.tasks = tasks;
    this.period = Duration.ofMillis(settings.sweepMillis());
  }

  @Override
  protected Future<Void> prepare() {
    duty(FleetTasks.DUTY, period, tasks::sweep);
    return Future.succeededFuture();
  }

  @Override
  protected void serveAddresses() {
    // Nothing is asked of it over the event bus: the Redfish slice calls FleetTasks directly.
  }
}
