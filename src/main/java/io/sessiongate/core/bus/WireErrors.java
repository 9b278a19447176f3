package io.sessiongate.core.bus;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * {@link ApiError}s across the clustered event bus, where a reply is bytes: the consumer fails the message
 * with the error's status and its fields as JSON; the requester gets the same {@link ApiError} back. (Local
 * request/reply, {@link BusEndpoint}, passes the error object itself.)
 */
public final class WireErrors {
  private WireErrors() {
  }

  /**
   * Fails {@code message} with {@code failure} as an {@link ApiError}; a failure that already is a recipient
   * failure (a code the consumer's protocol defines) crosses as it is.
   */
  public static void fail(Message<?> message, Throwable failure, String where) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      message.fail(reply.failureCode(), reply.getMessage());
      return;
    }
    ApiError error = ApiError.from(failure, where);
    message.fail(error.status(), error.toWire().encode());
  }

  /** The {@link ApiError} a consumer failed with, or {@code failure} itself (no consumer, a timeout...). */
  public static Throwable decode(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && reply.getMessage() != null && reply.getMessage().startsWith("{")) {
      try {
        return ApiError.fromWire(new JsonObject(reply.getMessage()));
      } catch (DecodeException | IllegalArgumentException | NullPointerException notOurs) {
        return failure;
      }
    }
    return failure;
  }
}
