package io.sessiongate.core.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * A duty owned rather than run: its declarer is told when this node takes it up and, before the lock goes
 * back, that it no longer holds it. One of a {@link ClaimGroup}, whose share bounds how many this node holds.
 */
final class Claim extends Duty {
  /** A declarer releasing a claim logs out of what it holds: give it a while, not forever. */
  private static final DeliveryOptions RELEASE = new DeliveryOptions(ClusterDutyVerticle.LOCAL).setSendTimeout(10_000);
  private final ClaimGroup group;

  Claim(String name, ClaimGroup group) {
    super(name, group.sharing().locks());
    this.group = group;
  }

  ClaimGroup group() {
    return group;
  }

  /**
   * A take-up is always sent, even while an earlier one is under way: that one belongs to an earlier holding
   * (released and taken again since), and the declarer acts on its messages in order.
   */
  @Override
  Future<Void> takeUp(Vertx vertx) {
    return askToRun(vertx, MIN_RUN_TIMEOUT_MILLIS);
  }

  @Override
  Future<Void> letGo(Vertx vertx) {
    return vertx.eventBus().request(ClusterDutyVerticle.runAddress(name()), new DutyMessages.Release(name()), RELEASE)
      .<Void>mapEmpty()
      .onFailure(err -> LOG.warn("the holder of the cluster claim {} did not confirm its release: {}", name(),
        err.getMessage()))
      .otherwiseEmpty();
  }

  @Override
  void logHeld() {
    if (group.sharing().shared()) {
      super.logHeld();
    } else {
      // A node on its own holds every claim it declares: nothing moved, so nothing worth a line each.
      LOG.debug("this node holds the cluster claim {}", name());
    }
  }
}
