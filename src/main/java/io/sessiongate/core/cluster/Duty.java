package io.sessiongate.core.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a periodic duty and a claim have in common: a name, the locks it is held by, and where this node stands
 * with it ({@link DutyState}, changed only through {@link #moveTo}). What holding one means differs:
 * {@link #takeUp} and {@link #letGo}. Used only from the {@link ClusterDutyVerticle}'s event loop.
 */
abstract sealed class Duty permits PeriodicDuty, Claim {
  /** The coordinator's log: these lines are its own, wherever the code sits. */
  static final Logger LOG = LoggerFactory.getLogger(ClusterDutyVerticle.class);
  static final long MIN_RUN_TIMEOUT_MILLIS = 30_000;

  private final String name;
  private final DutyLocks locks;
  private DutyState state = DutyState.FREE;

  Duty(String name, DutyLocks locks) {
    this.name = name;
    this.locks = locks;
  }

  final String name() {
    return name;
  }

  /** Where its lock lives: a claim a node keeps to itself has none on the node's lock connection. */
  final DutyLocks locks() {
    return locks;
  }

  final boolean is(DutyState state) {
    return this.state == state;
  }

  final void moveTo(DutyState next) {
    if (!state.next().contains(next)) {
      throw new IllegalStateException("the cluster duty " + name + " cannot go from " + state + " to " + next);
    }
    state = next;
  }

  /** This node now holds it: the declarer starts on it. Completes when a claim is taken up (or failed to be). */
  abstract Future<Void> takeUp(Vertx vertx);

  /** This node no longer holds it: the declarer stops. Completes when a claim's declarer has let go. */
  abstract Future<Void> letGo(Vertx vertx);

  void logHeld() {
    LOG.info("this node now holds the cluster duty {}", name);
  }

  /** Asks the declarer to run the duty (a claim: to take it up); completes when the run is over. */
  final Future<Void> askToRun(Vertx vertx, long timeoutMillis) {
    return vertx.eventBus().request(ClusterDutyVerticle.runAddress(name), new DutyMessages.Run(name),
        new DeliveryOptions(ClusterDutyVerticle.LOCAL).setSendTimeout(timeoutMillis))
      .<Void>mapEmpty()
      .onFailure(err -> LOG.warn("the cluster duty {} failed: {}", name, err.getMessage()));
  }
}
