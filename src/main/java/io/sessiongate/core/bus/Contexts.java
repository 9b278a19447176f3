package io.sessiongate.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;

/**
 * A future shared by several event loops calls its callbacks on the loop that created it; state owned by
 * one loop (a verticle's maps, a RoutingContext) must only be touched from that loop.
 */
public final class Contexts {
  private Contexts() {
  }

  /** {@code future}, with its callbacks on the caller's context; no hop when it is already complete. */
  public static <T> Future<T> here(Future<T> future) {
    ContextInternal here = (ContextInternal) Vertx.currentContext();
    if (here == null) {
      return future;
    }
    if (future.succeeded()) {
      return here.succeededFuture(future.result());
    }
    if (future.failed()) {
      return here.failedFuture(future.cause());
    }
    PromiseInternal<T> promise = here.promise();
    future.onComplete(promise);
    return promise.future();
  }
}
