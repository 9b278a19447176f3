package io.sessiongate.core.http;

import io.sessiongate.core.auth.Access;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a slice binds: for each operationId, who may call it and the handler that serves it. */
public final class SliceRoutes {
  public record Binding(Access access, Handler<RoutingContext> handler) {
  }

  private final Map<String, Binding> bindings = new LinkedHashMap<>();

  public SliceRoutes on(String operationId, Access access, Handler<RoutingContext> handler) {
    if (bindings.putIfAbsent(operationId, new Binding(access, handler)) != null) {
      throw new IllegalStateException("operation " + operationId + " is bound twice");
    }
    return this;
  }

  Map<String, Binding> bindings() {
    return bindings;
  }
}
