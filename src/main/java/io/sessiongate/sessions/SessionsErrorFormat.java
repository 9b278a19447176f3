package io.sessiongate.sessions;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The sessions controller's error body, as its Spring-based server writes it: status, error, message, path. */
public final class SessionsErrorFormat implements ErrorFormat {
  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public JsonObject body(ApiError error, RoutingContext ctx) {
    return new JsonObject()
      .put("status", error.status())
      .put("error", HttpResponseStatus.valueOf(error.status()).reasonPhrase())
      .put("message", error.getMessage())
      .put("path", ctx.request().path());
  }
}
