package io.sessiongate.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;

/**
 * For work shared by callers on several event loops (one password check for identical logins, one
 * transaction for many revocations, one BMC login, one device client): a shared future calls its callbacks
 * on whichever thread finished it, but state owned by one loop (a verticle's maps, a RoutingContext) must
 * only be touched from that loop. So each caller goes on on its own context.
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
