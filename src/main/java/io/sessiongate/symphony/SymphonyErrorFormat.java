package io.sessiongate.symphony;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** symrest's error body: the status as {@code code}, a {@code message}, and where the problem is in {@code details}. */
public final class SymphonyErrorFormat implements ErrorFormat {
  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public JsonObject body(ApiError error, RoutingContext ctx) {
    JsonObject body = new JsonObject().put("code", error.status()).put("message", error.getMessage());
    if (error.location() != null) {
      body.put("details", error.location().startsWith("/") ? "body " + error.location() : "parameter " + error.location());
    }
    return body;
  }

  @Override
  public void addHeaders(ApiError error, RoutingContext ctx) {
    if (error.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"symrest\"");
    }
  }
}
