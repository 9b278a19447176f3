package io.sessiongate.core.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may call an operation: resolves the caller before the contract is checked, so an anonymous caller
 * learns nothing about the shape of a protected operation. A null principal means "public".
 */
@FunctionalInterface
public interface Access {
  String PRINCIPAL = "sessiongate.principal";

  Access PUBLIC = ctx -> Future.succeededFuture(null);

  Future<Principal> resolve(RoutingContext ctx);

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
