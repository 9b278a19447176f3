package io.sessiongate.core.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * For work shared by callers on several event loops (one password check for identical logins, one
 * transaction for many revocations): each caller goes on on its own context, whichever thread finished
 * the shared work, so a session verticle's continuation never runs on a router's event loop.
 */
public final class CallerContext {
  private CallerContext() {
  }

  public static <T> Future<T> resume(Future<T> shared) {
    Context caller = Vertx.currentContext();
    Promise<T> mine = Promise.promise();
    shared.onComplete(result -> {
      if (caller == null || caller == Vertx.currentContext()) {
        mine.handle(result);
      } else {
        caller.runOnContext(v -> mine.handle(result));
      }
    });
    return mine.future();
  }
}
