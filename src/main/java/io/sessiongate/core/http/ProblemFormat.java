package io.sessiongate.core.http;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.tracing.RequestIds;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * RFC 9457 problem details: the gateway's own error format (admin API, /auth, and paths no API owns).
 * {@code pointer} says where in the request the problem is.
 */
public final class ProblemFormat implements ErrorFormat {
  public static final ProblemFormat INSTANCE = new ProblemFormat();

  @Override
  public String contentType() {
    return "application/problem+json";
  }

  @Override
  public JsonObject body(ApiError error, RoutingContext ctx) {
    JsonObject body = new JsonObject()
      .put("type", "urn:sessiongate:problem:" + error.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'))
      .put("title", title(error.reason()))
      .put("status", error.status())
      .put("detail", error.getMessage())
      .put("instance", ctx.request().path())
      .put("requestId", RequestIds.of(ctx));
    if (error.location() != null) {
      body.put("pointer", error.location());
    }
    return body;
  }

  @Override
  public void addHeaders(ApiError error, RoutingContext ctx) {
    if (error.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sessiongate\", Basic realm=\"sessiongate\"");
    }
  }

  static String title(ApiError.Reason reason) {
    String words = reason.name().toLowerCase(Locale.ROOT).replace('_', ' ').replace("json", "JSON");
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
