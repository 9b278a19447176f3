package io.sessiongate.core.bus;

import io.sessiongate.core.api.LocalMessage;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * Request/reply over the event bus with typed failures: a consumer's {@link ApiError} reaches the caller as
 * the same {@link ApiError}; anything else is logged once where it happened and travels as an internal error.
 */
public final class BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(BusEndpoint.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setSendTimeout(30_000);

  private BusEndpoint() {
  }

  /** Serves {@code address} on this verticle's context. */
  public static <C, R> MessageConsumer<C> serve(Vertx vertx, String address, Function<C, Future<R>> handler) {
    return vertx.eventBus().<C>localConsumer(address, message -> {
      Future<R> result;
      try {
        result = handler.apply(message.body());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(done -> {
        if (done.succeeded()) {
          message.reply(done.result(), LOCAL);
        } else {
          message.reply(ApiError.from(done.cause(), address), LOCAL);
        }
      });
    });
  }

  /** Sends {@code command} to the verticle serving {@code address}. */
  @SuppressWarnings("unchecked")
  public static <R> Future<R> ask(Vertx vertx, String address, LocalMessage command) {
    return vertx.eventBus().request(address, command, LOCAL).compose(reply -> {
      Object body = reply.body();
      if (body instanceof ApiError error) {
        return Future.failedFuture(error);
      }
      return Future.succeededFuture((R) body);
    });
  }
}
