package io.sessiongate.murano;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.http.ContractValidator;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;
import java.util.function.Function;

/** How Murano's routes answer: a 200 with a JSON value of any kind, or none; failures go to the ErrorResponder. */
final class MuranoAnswers {
  private MuranoAnswers() {
  }

  /**
   * The contract cannot say "an object or an array" for a request body, so this does: {@code then} gets the
   * body when it is one, else the request fails.
   */
  static void withServices(RoutingContext ctx, String refusal, Consumer<Object> then) {
    Object body = ctx.get(ContractValidator.BODY);
    if (!(body instanceof JsonObject) && !(body instanceof JsonArray)) {
      ctx.fail(ApiError.invalid(refusal, "/").breaking("type"));
      return;
    }
    then.accept(body);
  }

  /** A 200 with {@code render} of the verticle's reply: Murano's JSON, any JSON value, or (null) no body. */
  static <R> void answer(RoutingContext ctx, Function<R, Object> render, Future<R> reply) {
    reply.onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
        return;
      }
      Object body = render.apply(done.result());
      HttpServerResponse response = ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json");
      if (body == null) {
        response.end();
      } else if (body instanceof JsonObject object) {
        response.end(object.toBuffer());
      } else if (body instanceof JsonArray array) {
        response.end(array.toBuffer());
      } else {
        // A scalar of the object model (model/{path}).
        response.end(Json.encode(body));
      }
    });
  }

  /** A 200 with no body once the verticle is done. */
  static void done(RoutingContext ctx, Future<Void> reply) {
    answer(ctx, nothing -> null, reply);
  }
}
