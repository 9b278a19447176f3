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
   * How many nodes compete for duties now, this one included: the nodes whose coordinator holds a live lock
   * connection (not the cluster manager's members: a member that cannot reach the store cannot hold a claim,
   * and counting it would leave its share of the claims without an owner).
   */
  Future<Integer> contenders();

  /** {@code handler} runs when every lock was lost at once (their connection died). */
  void onLost(Runnable handler);

  /** Gives up every lock, now. */
  Future<Void> close();
}
