package io.sessiongate.core.cluster;

import io.vertx.core.Future;

/** With the in-process store the node is alone: it holds every duty. */
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
