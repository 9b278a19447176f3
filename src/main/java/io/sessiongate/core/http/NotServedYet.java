package io.sessiongate.core.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * For an operation that is in a contract but not served by this build: the request has been authenticated
 * and validated against the contract, then answered 501 in the API's own format. Never a silent stub.
 */
public final class NotServedYet implements Handler<RoutingContext> {
  public static final NotServedYet INSTANCE = new NotServedYet();

  @Override
  public void handle(RoutingContext ctx) {
    ctx.fail(ApiError.of(ApiError.Reason.NOT_IMPLEMENTED,
      "This operation is in the contract but this build of SessionGate does not serve it yet."));
  }

  /** Binds every operation of {@code operationIds} to 501. */
  public static void bindAll(SliceRoutes routes, Access access, String... operationIds) {
    for (String operationId : operationIds) {
      routes.on(operationId, access, INSTANCE);
    }
  }
}
