package io.sessiongate.core.http;

import io.sessiongate.core.auth.Access;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What a slice binds: for each operationId, who may call it and the handler that serves it. */
public final class SliceRoutes {
  public record Binding(Access access, Handler<RoutingContext> handler) {
  }

  private final Map<String, Binding> bindings = new LinkedHashMap<>();
  private final Set<String> hot = new HashSet<>();

  public SliceRoutes on(String operationId, Access access, Handler<RoutingContext> handler) {
    if (bindings.putIfAbsent(operationId, new Binding(access, handler)) != null) {
      throw new IllegalStateException("operation " + operationId + " is bound twice");
    }
    return this;
  }

  /**
   * Marks a bound operation as a hot path: a request for it without a body is matched by a route of its own
   * ahead of body handling, the front routes and the API mounts (the same access check, validation and
   * handler; request ids, access log and the header-size check still run before it). A path parameter
   * matches one segment, as in the contract; the operation may not share its method with another whose path
   * the parameter would also match (the gateway refuses to start).
   */
  public SliceRoutes hot(String operationId) {
    if (!bindings.containsKey(operationId)) {
      throw new IllegalStateException("operation " + operationId + " is not bound");
    }
    hot.add(operationId);
    return this;
  }

  Map<String, Binding> bindings() {
    return bindings;
  }

  boolean isHot(String operationId) {
    return hot.contains(operationId);
  }
}
