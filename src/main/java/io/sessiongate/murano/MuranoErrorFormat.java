package io.sessiongate.murano;

import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.ErrorFormat;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Murano's errors as webob renders them for {@code Accept: application/json}: {@code code} is the status
 * line, {@code title} the reason phrase, and {@code message} webob's body template around Murano's text.
 */
public final class MuranoErrorFormat implements ErrorFormat {
  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public JsonObject body(ApiError error, RoutingContext ctx) {
    String reason = HttpResponseStatus.valueOf(error.status()).reasonPhrase();
    return new JsonObject()
      .put("code", error.status() + " " + reason)
      .put("title", reason)
      .put("message", error.getMessage() + "<br /><br />\n\n\n");
  }
}
