package io.sessiongate.core.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/** Writing success responses; failures go to {@code ctx.fail} and the {@link ErrorResponder}. */
public final class Replies {
  private Replies() {
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    json(ctx, status, body.toBuffer());
  }

  public static void json(RoutingContext ctx, int status, JsonArray body) {
    json(ctx, status, body.toBuffer());
  }

  /** A JSON body already written (rendered once, say). */
  public static void json(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }

  public static void empty(RoutingContext ctx, int status) {
    ctx.response().setStatusCode(status).end();
  }

  /** Completes the request from {@code result}: rendered as JSON on success, an error response on failure. */
  public static <T> void with(RoutingContext ctx, Future<T> result, int status, Function<T, JsonObject> render) {
    result.onComplete(done -> {
      if (done.succeeded()) {
        json(ctx, status, render.apply(done.result()));
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  /** The body the contract validated: a JSON object. */
  public static JsonObject body(RoutingContext ctx) {
    Object body = ctx.get(ContractValidator.BODY);
    return body instanceof JsonObject object ? object : new JsonObject();
  }
}
