package io.sessiongate.core.ops;

import java.util.concurrent.atomic.LongAdder;

/**
 * One request and its response, counted in an active-requests gauge from its start until both halves ended,
 * or until it was reset (then no longer counted), as vertx-micrometer-metrics counts them.
 */
abstract class ActiveRequest {
  final long startedAt = System.nanoTime();
  private final LongAdder active;
  private boolean requestEnded;
  private boolean responseEnded;
  private boolean reset;

  ActiveRequest(LongAdder active) {
    this.active = active;
    active.increment();
  }

  final void ended(boolean request) {
    if (request) {
      requestEnded = true;
    } else {
      responseEnded = true;
    }
    if (!reset && requestEnded && responseEnded) {
      active.decrement();
    }
  }

  final void reset() {
    active.decrement();
    reset = true;
  }
}
