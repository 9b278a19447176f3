package io.sessiongate.core.cluster;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The locks behind cluster duties: one lock per duty name, held by at most one node. Used only from the
 * {@link ClusterDutyVerticle}'s event loop.
 */
interface DutyLocks {

  static DutyLocks create(Vertx vertx, Storage storage) {
    return storage.isPostgres() ? new PgAdvisoryLocks(vertx, storage.connectOptions()) : new InProcessLocks();
  }

  /** True when this node now holds the duty's lock (or already did). */
  Future<Boolean> tryAcquire(String duty);

  /** Succeeds only when every lock this node acquired is still its own. */
  Future<Void> confirm();

  Future<Void> release(String duty);

  /**
   * How many nodes share the claims of {@code group} now, this one included (it joins the group by asking):
   * the nodes whose coordinator asked and still holds a live lock connection. Not the cluster manager's
   * members: a member that cannot reach the store cannot hold a claim, and one that declared no claim of the
   * group would never take its share; counting either would leave claims without an owner.
   */
  Future<Integer> contenders(String group);

  /** This node no longer shares the claims of {@code group} (it withdrew the last of them). */
  Future<Void> leaveGroup(String group);

  /** {@code handler} runs when every lock was lost at once (their connection died). */
  void onLost(Runnable handler);

  /** Gives up every lock, now. */
  Future<Void> close();
}
