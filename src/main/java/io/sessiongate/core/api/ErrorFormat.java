package io.sessiongate.core.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Renders an {@link ApiError} as one API's own error body (and any headers that API adds, like WWW-Authenticate). */
public interface ErrorFormat {
  String contentType();

  JsonObject body(ApiError error, RoutingContext ctx);

  default void addHeaders(ApiError error, RoutingContext ctx) {
  }
}
