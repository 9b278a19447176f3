package io.sessiongate.redfish;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * DSP0266 error responses: {@code {"error": {"code", "message", "@Message.ExtendedInfo": [...]}}} with
 * Base registry MessageIds, only those of {@link BaseMessage}; each Message is the registry's text filled with
 * {@code MessageArgs} (as many as the registry's NumberOfArgs), {@code RelatedProperties} points at the offending
 * property, {@code error.message} is the gateway's own explanation. Every error carries OData-Version, every 401
 * WWW-Authenticate.
 */
public final class RedfishErrorFormat implements ErrorFormat {

  @Override
  public String contentType() {
    return "application/json;charset=utf-8";
  }

  @Override
  public JsonObject body(ApiError error, RoutingContext ctx) {
    JsonObject message = message(error, ctx);
    return new JsonObject().put("error", new JsonObject()
      .put("code", message.getString("MessageId"))
      .put("message", error.getMessage())
      .put("@Message.ExtendedInfo", new JsonArray().add(message)));
  }

  /** One Message for {@code error} (no request to read args from: only those the error carries). */
  static JsonObject message(ApiError error) {
    return message(error, null);
  }

  /**
   * One Message for {@code error}, also used in the {@code @Message.ExtendedInfo} of a 200. Its Message is the
   * registry's text filled with MessageArgs, as many as the registry's NumberOfArgs: those the raising site
   * gave ({@link BaseMessage#args}), else what {@code ctx} (may be null) shows about the request.
   */
  static JsonObject message(ApiError error, RoutingContext ctx) {
    BaseMessage.Filled filled = filled(error, ctx);
    String resolution = filled.message() == BaseMessage.GENERAL_ERROR
      // GeneralError's text sends the reader to Resolution: the gateway's explanation is the resolution.
      ? error.getMessage()
      : resolution(error, filled.message()).orElse(filled.message().resolution());
    return messageObject(filled, resolution, error.location());
  }

  static JsonObject messageObject(BaseMessage.Filled filled, String resolution, String location) {
    String severity = filled.message().severity();
    JsonObject message = new JsonObject()
      .put("@odata.type", RedfishSchema.MESSAGE.odataType())
      .put("MessageId", filled.message().messageId())
      .put("Message", filled.text())
      .put("MessageArgs", new JsonArray(filled.args()))
      .put("MessageSeverity", severity)
      .put("Severity", severity)
      .put("Resolution", resolution);
    if (location != null && location.startsWith("/") && location.length() > 1) {
      message.put("RelatedProperties", new JsonArray().add("#" + location));
    }
    return message;
  }

  private static BaseMessage.Filled filled(ApiError error, RoutingContext ctx) {
    // A code that is not one of ours (set outside this slice) is not passed through: the served registry
    // must define every MessageId a client can see.
    Optional<BaseMessage> coded = BaseMessage.ofMessageId(error.code());
    if (coded.isPresent() && coded.get().parameters().size() == error.codeArgs().size()) {
      return coded.get().args(error.codeArgs());
    }
    return derived(coded.orElseGet(() -> baseMessage(error)), error, ctx)
      .orElseGet(() -> BaseMessage.GENERAL_ERROR.args());
  }

  /** {@code message} filled from what the error and the request show, or empty when that is not enough. */
  private static Optional<BaseMessage.Filled> derived(BaseMessage message, ApiError error, RoutingContext ctx) {
    if (message.parameters().isEmpty()) {
      return Optional.of(message.args());
    }
    Optional<String> property = property(error.location());
    if (property.isEmpty() && "/".equals(error.location()) && message.key().startsWith("Property")) {
      // The body as a whole (missing, an array, ...): no property to name.
      return Optional.of(BaseMessage.UNRECOGNIZED_REQUEST_BODY.args());
    }
    return switch (message) {
      case PROPERTY_MISSING, PROPERTY_UNKNOWN, PROPERTY_NOT_WRITABLE -> property.map(message::args);
      case PROPERTY_VALUE_TYPE_ERROR, PROPERTY_VALUE_NOT_IN_LIST, PROPERTY_VALUE_OUT_OF_RANGE,
           PROPERTY_VALUE_FORMAT_ERROR -> property.flatMap(name -> bodyValue(ctx, error.location())
        .map(value -> message.args(value, name)));
      case QUERY_PARAMETER_VALUE_FORMAT_ERROR -> parameterValue(ctx, error.location())
        .map(value -> message.args(value, error.location()));
      case SERVICE_TEMPORARILY_UNAVAILABLE -> error.retryAfterSeconds() > 0
        ? Optional.of(message.args(error.retryAfterSeconds())) : Optional.empty();
      // A 404 that does not say what it looked for names the URI the client asked for.
      case RESOURCE_NOT_FOUND, RESOURCE_MISSING_AT_URI -> ctx == null ? Optional.empty()
        : Optional.of(BaseMessage.RESOURCE_MISSING_AT_URI.args(ctx.request().path()));
      default -> Optional.empty();
    };
  }

  /** The last segment of a JSON pointer, unescaped: the property a message names. */
  private static Optional<String> property(String pointer) {
    if (pointer == null || !pointer.startsWith("/") || pointer.length() < 2) {
      return Optional.empty();
    }
    return Optional.of(pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~"));
  }

  /** The value the request body has at {@code pointer}, as text (JSON for anything but a string). */
  private static Optional<String> bodyValue(RoutingContext ctx, String pointer) {
    if (ctx == null || ctx.body() == null || ctx.body().buffer() == null) {
      return Optional.empty();
    }
    try {
      Object value = JsonPointer.from(pointer).queryJson(Json.decodeValue(ctx.body().buffer()));
      return Optional.of(value instanceof String text ? text : Json.encode(value));
    } catch (RuntimeException unreadable) {
      // The body that broke the contract is not JSON we can point into: no value to quote.
      return Optional.empty();
    }
  }

  /** The value of the path, query or header parameter {@code name}, as the client sent it. */
  private static Optional<String> parameterValue(RoutingContext ctx, String name) {
    if (ctx == null || name == null) {
      return Optional.empty();
    }
    String value = ctx.pathParam(name);
    if (value == null) {
      value = ctx.queryParams().get(name);
    }
    if (value == null) {
      value = ctx.request().getHeader(name);
    }
    return Optional.ofNullable(value);
  }

  @Override
  public void addHeaders(ApiError error, RoutingContext ctx) {
    ctx.response().putHeader("OData-Version", RedfishAccess.ODATA_VERSION);
    if (error.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Redfish\"");
    }
  }

  private static BaseMessage baseMessage(ApiError error) {
    return switch (error.reason()) {
      case MALFORMED_JSON -> BaseMessage.MALFORMED_JSON;
      case INVALID_REQUEST -> invalidRequestMessage(error);
      case UNAUTHORIZED -> BaseMessage.NO_VALID_SESSION;
      case FORBIDDEN -> BaseMessage.INSUFFICIENT_PRIVILEGE;
      case NOT_FOUND -> BaseMessage.RESOURCE_NOT_FOUND;
      case METHOD_NOT_ALLOWED -> BaseMessage.OPERATION_NOT_ALLOWED;
      case NOT_IMPLEMENTED -> BaseMessage.QUERY_NOT_SUPPORTED;
      case PRECONDITION_FAILED -> BaseMessage.PRECONDITION_FAILED;
      case UNSUPPORTED_MEDIA_TYPE -> BaseMessage.UNRECOGNIZED_REQUEST_BODY;
      case CONFLICT -> BaseMessage.RESOURCE_ALREADY_EXISTS;
      case UNAVAILABLE, TOO_MANY_REQUESTS -> BaseMessage.SERVICE_TEMPORARILY_UNAVAILABLE;
      case INTERNAL -> BaseMessage.INTERNAL_ERROR;
      default -> BaseMessage.GENERAL_ERROR;
    };
  }

  private static BaseMessage invalidRequestMessage(ApiError error) {
    boolean query = error.location() != null && !error.location().startsWith("/");
    if (query) {
      return BaseMessage.QUERY_PARAMETER_VALUE_FORMAT_ERROR;
    }
    String rule = error.rule() == null ? "" : error.rule();
    return switch (rule) {
      case "required" -> BaseMessage.PROPERTY_MISSING;
      case "type" -> BaseMessage.PROPERTY_VALUE_TYPE_ERROR;
      case "additionalProperties" -> BaseMessage.PROPERTY_UNKNOWN;
      case "enum", "const" -> BaseMessage.PROPERTY_VALUE_NOT_IN_LIST;
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> BaseMessage.PROPERTY_VALUE_OUT_OF_RANGE;
      default -> BaseMessage.PROPERTY_VALUE_FORMAT_ERROR;
    };
  }

  /** The gateway's own advice where it says more than the registry's Resolution. */
  private static Optional<String> resolution(ApiError error, BaseMessage message) {
    if (message == BaseMessage.HEADER_INVALID && error.reason() == ApiError.Reason.PRECONDITION_FAILED) {
      return Optional.of("Send OData-Version: 4.0 or leave the header out.");
    }
    return Optional.ofNullable(switch (error.reason()) {
      case UNAUTHORIZED -> "Create a session with POST /redfish/v1/SessionService/Sessions, or send valid credentials.";
      case FORBIDDEN -> "Use a user with the privilege this operation requires.";
      default -> null;
    });
  }
}
