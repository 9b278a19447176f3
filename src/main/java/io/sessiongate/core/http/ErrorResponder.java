package io.sessiongate.core.http;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.tracing.RequestIds;
import io.sessiongate.core.storage.StoreHealth;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a failure becomes a response: typed errors in the owning API's format, the rest as 500. */
public final class ErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

  private final int maxBodyBytes;
  private final StoreHealth storeHealth;

  /** Store outages are counted by {@code storeHealth}, which logs them once per outage. */
  public ErrorResponder(int maxBodyBytes, StoreHealth storeHealth) {
    this.maxBodyBytes = maxBodyBytes;
    this.storeHealth = storeHealth;
  }

  /** Maps whatever failed the routing context to an ApiError. */
  public ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError error) {
      return error;
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (status == 413) {
      return ApiError.of(ApiError.Reason.PAYLOAD_TOO_LARGE,
        "The request body is larger than the limit of " + maxBodyBytes + " bytes.");
    }
    if (failure == null || failure instanceof HttpException) {
      for (ApiError.Reason reason : ApiError.Reason.values()) {
        if (reason.status == status && status < 500) {
          String message = failure instanceof HttpException http && http.getPayload() != null
            ? http.getPayload() : "The request was refused (HTTP " + status + ").";
          return ApiError.of(reason, message);
        }
      }
    }
    return ApiError.from(failure == null ? new IllegalStateException("HTTP " + status) : failure,
      "request " + RequestIds.of(ctx) + " " + ctx.request().method() + " " + ctx.request().path());
  }

  public void send(RoutingContext ctx, ApiError error, ErrorFormat format) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      LOG.debug("request {}: response already started, cannot send {}", RequestIds.of(ctx), error.getMessage());
      response.reset();
      return;
    }
    if (error.isStoreUnavailable()) {
      storeHealth.answeredUnavailable();
      LOG.debug("request {} {} {} -> 503, the store is unavailable", RequestIds.of(ctx), ctx.request().method(),
        ctx.request().path());
    } else if (error.status() >= 500) {
      LOG.warn("request {} {} {} -> {} {}", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(),
        error.status(), error.getMessage());
    } else {
      LOG.debug("request {} {} {} -> {} {}", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(),
        error.status(), error.getMessage());
    }
    if (error.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Integer.toString(error.retryAfterSeconds()));
    }
    format.addHeaders(error, ctx);
    response.setStatusCode(error.status())
      .putHeader("Content-Type", format.contentType())
      .end(format.body(error, ctx).toBuffer());
  }
}
