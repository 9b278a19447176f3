package io.sessiongate.core.cluster;

import io.vertx.core.Future;

/**
 * Nobody else competes: with the in-process store the node is alone and holds every duty, and a node that is
 * not clustered holds every claim it declares ({@link ClaimSharing}).
 */
final class InProcessLocks implements DutyLocks {

  @Override
  public Future<Boolean> tryAcquire(String duty) {
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> confirm() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> release(String duty) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Integer> contenders(String group) {
    return Future.succeededFuture(1);
  }

  @Override
  public Future<Void> leaveGroup(String group) {
    return Future.succeededFuture();
  }

  @Override
  public void onLost(Runnable handler) {
    // Nothing can take an in-process lock away.
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
