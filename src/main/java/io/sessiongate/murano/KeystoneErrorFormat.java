package io.sessiongate.murano;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Keystone's error body: {@code {"error": {"code": 401, "title": "Unauthorized", "message": ...}}}. */
public final class KeystoneErrorFormat implements ErrorFormat {
  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public JsonObject body(ApiError error, RoutingContext ctx) {
    return new JsonObject().put("error", new JsonObject()
      .put("code", error.status())
      .put("title", HttpResponseStatus.valueOf(error.status()).reasonPhrase())
      .put("message", error.getMessage()));
  }

  @Override
  public void addHeaders(ApiError error, RoutingContext ctx) {
    if (error.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Keystone uri=\"" + ctx.request().scheme() + "://"
        + ctx.request().authority() + ctx.request().path().replaceFirst("/v3/.*$", "") + "\"");
    }
  }
}
