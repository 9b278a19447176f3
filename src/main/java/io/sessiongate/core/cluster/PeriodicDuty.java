package io.sessiongate.core.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * A duty run every period by the node that holds it: once right away, then on a timer while held. A run is
 * asked for only when the previous one is over, so a slow run delays the next rather than piling up.
 */
final class PeriodicDuty extends Duty {
  private final Duration period;
  private long timer = -1;
  /** A run may outlast the holding (a run under way finishes on its own): this is not part of the state. */
  private boolean runUnderWay;

  PeriodicDuty(String name, Duration period, DutyLocks locks) {
    super(name, locks);
    this.period = period;
  }

  @Override
  Future<Void> takeUp(Vertx vertx) {
    run(vertx);
    timer = vertx.setPeriodic(period.toMillis(), id -> run(vertx));
    return Future.succeededFuture();
  }

  @Override
  Future<Void> letGo(Vertx vertx) {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void run(Vertx vertx) {
    if (!is(DutyState.HELD) || runUnderWay) {
      return;
    }
    runUnderWay = true;
    askToRun(vertx, Math.max(MIN_RUN_TIMEOUT_MILLIS, period.toMillis())).onComplete(done -> runUnderWay = false);
  }
}
