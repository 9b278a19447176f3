package io.sessiongate.core.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A failure the client is told about. Handlers and session verticles fail with these; each API's
 * {@link ErrorFormat} renders them in that API's own error body. Carries no stack trace: it is not a bug.
 */
public final class ApiError extends RuntimeException implements LocalMessage {
  private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

  /** What went wrong, independent of any API's vocabulary; formats map it to their own codes. */
  public enum Reason {
    INVALID_REQUEST(400), MALFORMED_JSON(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405), NOT_ACCEPTABLE(406), CONFLICT(409), LENGTH_REQUIRED(411), PRECONDITION_FAILED(412),
    PAYLOAD_TOO_LARGE(413), UNSUPPORTED_MEDIA_TYPE(415), HEADERS_TOO_LARGE(431), TOO_MANY_REQUESTS(429),
    INTERNAL(500), NOT_IMPLEMENTED(501), BAD_GATEWAY(502), UNAVAILABLE(503), GATEWAY_TIMEOUT(504);

    public final int status;

    Reason(int status) {
      this.status = status;
    }
  }

  private final Reason reason;
  private final int status;
  private final String location;
  private final String code;
  private final int retryAfterSeconds;
  private final String rule;
  private final boolean storeUnavailable;
  private final List<String> codeArgs;

  private ApiError(Reason reason, int status, String message, String location, String code, int retryAfterSeconds,
                   String rule, boolean storeUnavailable) {
    this(reason, status, message, location, code, List.of(), retryAfterSeconds, rule, storeUnavailable);
  }

  private ApiError(Reason reason, int status, String message, String location, String code, List<String> codeArgs,
                   int retryAfterSeconds, String rule, boolean storeUnavailable) {
    super(message, null, false, false);
    this.codeArgs = List.copyOf(codeArgs);
    this.reason = reason;
    this.status = status;
    this.location = location;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.rule = rule;
    this.storeUnavailable = storeUnavailable;
  }

  private ApiError(Reason reason, int status, String message, String location, String code, int retryAfterSeconds) {
    this(reason, status, message, location, code, retryAfterSeconds, null, false);
  }

  public static ApiError of(Reason reason, String message) {
    return new ApiError(reason, reason.status, message, null, null, 0);
  }

  /** {@code location} says where: a JSON pointer into the body ("/sessionPriority") or "query.name". */
  public static ApiError invalid(String message, String location) {
    return new ApiError(Reason.INVALID_REQUEST, 400, message, location, null, 0);
  }

  public static ApiError notFound(String message) {
    return of(Reason.NOT_FOUND, message);
  }

  /** Nothing is served at {@code uri} (or nothing the caller may see, which must read the same). */
  public static ApiError notFoundAt(String uri) {
    return notFound("The resource at the URI " + uri + " was not found.");
  }

  public static ApiError unauthorized(String message) {
    return of(Reason.UNAUTHORIZED, message);
  }

  public static ApiError forbidden(String message) {
    return of(Reason.FORBIDDEN, message);
  }

  public static ApiError conflict(String message) {
    return of(Reason.CONFLICT, message);
  }

  public static ApiError unavailable(String message, int retryAfterSeconds) {
    return new ApiError(Reason.UNAVAILABLE, 503, message, null, null, retryAfterSeconds);
  }

  /**
   * 503 because the durable store (PostgreSQL) cannot be reached or did not answer in time: the request may be
   * retried after {@code retryAfterSeconds}. Made only by {@code core.storage.StoreFailures}; counted and
   * logged once per outage by {@code core.storage.StoreHealth}, not once per request.
   */
  public static ApiError storeUnavailable(String message, int retryAfterSeconds) {
    return new ApiError(Reason.UNAVAILABLE, 503, message, null, null, retryAfterSeconds, null, true);
  }

  /** The same error with an API-specific code (a Redfish MessageId, a Murano title, ...). */
  public ApiError withCode(String apiCode) {
    return withCode(apiCode, List.of());
  }

  /** The same error with an API-specific code and the values its message is filled with (Redfish MessageArgs). */
  public ApiError withCode(String apiCode, List<String> args) {
    return new ApiError(reason, status, getMessage(), location, apiCode, args, retryAfterSeconds, rule, storeUnavailable);
  }

  /** The same error naming the contract rule (JSON Schema keyword) that was broken: "required", "maximum"... */
  public ApiError breaking(String schemaKeyword) {
    return new ApiError(reason, status, getMessage(), location, code, codeArgs, retryAfterSeconds, schemaKeyword, storeUnavailable);
  }

  public ApiError at(String where) {
    return new ApiError(reason, status, getMessage(), where, code, codeArgs, retryAfterSeconds, rule, storeUnavailable);
  }

  /** The same error as it crosses to another node (see {@code WireErrors}): every field but the stack. */
  public JsonObject toWire() {
    return new JsonObject().put("reason", reason.name()).put("status", status).put("message", getMessage())
      .put("location", location).put("code", code).put("codeArgs", new JsonArray(codeArgs))
      .put("retryAfter", retryAfterSeconds).put("rule", rule)
      .put("storeUnavailable", storeUnavailable);
  }

  public static ApiError fromWire(JsonObject wire) {
    return new ApiError(Reason.valueOf(wire.getString("reason")), wire.getInteger("status"), wire.getString("message"),
      wire.getString("location"), wire.getString("code"),
      wire.getJsonArray("codeArgs", new JsonArray()).stream().map(String::valueOf).toList(),
      wire.getInteger("retryAfter", 0), wire.getString("rule"),
      wire.getBoolean("storeUnavailable", false));
  }

  /** Turns any failure into an ApiError; an unexpected one is logged here, once, and hidden from the client. */
  public static ApiError from(Throwable failure, String where) {
    if (failure instanceof ApiError error) {
      return error;
    }
    LOG.error("unexpected failure in {}", where, failure);
    return of(Reason.INTERNAL, "The server failed to handle the request; the failure has been logged.");
  }

  public Reason reason() {
    return reason;
  }

  public int status() {
    return status;
  }

  /** The values the API's message for {@link #code} is filled with, in order; empty when none were given. */
  public List<String> codeArgs() {
    return codeArgs;
  }

  /** JSON pointer or parameter the error is about, or null. */
  public String location() {
    return location;
  }

  /** API-specific code, or null. */
  public String code() {
    return code;
  }

  /** The JSON Schema keyword of a contract violation, or null. */
  public String rule() {
    return rule;
  }

  /** True for the 503 of a store outage ({@link #storeUnavailable}). */
  public boolean isStoreUnavailable() {
    return storeUnavailable;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
