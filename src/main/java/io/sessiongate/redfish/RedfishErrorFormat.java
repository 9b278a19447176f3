package io.sessiongate.redfish;

import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.ErrorFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * DSP0266 error responses: {@code {"error": {"code", "message", "@Message.ExtendedInfo": [...]}}} with
 * Base registry MessageIds, only those of {@link BaseMessage}; {@code RelatedProperties} points at the offending property and
 * {@code MessageArgs} names it. Every error carries OData-Version, every 401 WWW-Authenticate.
 */
public final class RedfishErrorFormat implements ErrorFormat {

  @Override
  public String contentType() {
    return "application/json;charset=utf-8";
  }

  @Override
  public JsonObject body(ApiError error, RoutingContext ctx) {
    JsonObject message = message(error);
    return new JsonObject().put("error", new JsonObject()
      .put("code", message.getString("MessageId"))
      .put("message", error.getMessage())
      .put("@Message.ExtendedInfo", new JsonArray().add(message)));
  }

  /** {@code error} answered with {@code message} rather than the one its reason and rule map to. */
  static ApiError withMessage(ApiError error, BaseMessage message) {
    return error.withCode(message.messageId());
  }

  /** One Message for {@code error}, also used in the {@code @Message.ExtendedInfo} of a 200. */
  static JsonObject message(ApiError error) {
    // A code that is not one of ours (set outside this slice) is not passed through: the served registry
    // must define every MessageId a client can see.
    String messageId = BaseMessage.ofMessageId(error.code()).orElseGet(() -> baseMessage(error)).messageId();
    String severity = error.status() >= 500 ? "Critical" : "Warning";
    JsonObject message = new JsonObject()
      .put("@odata.type", RedfishSchema.MESSAGE.odataType())
      .put("MessageId", messageId)
      .put("Message", error.getMessage())
      .put("MessageArgs", new JsonArray())
      .put("MessageSeverity", severity)
      .put("Severity", severity)
      .put("Resolution", resolution(error));
    String location = error.location();
    if (location != null && location.startsWith("/") && location.length() > 1) {
      message.put("RelatedProperties", new JsonArray().add("#" + location));
      message.put("MessageArgs", new JsonArray().add(location.substring(location.lastIndexOf('/') + 1)));
    }
    return message;
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

  private static String resolution(ApiError error) {
    return switch (error.reason()) {
      case UNAUTHORIZED -> "Create a session with POST /redfish/v1/SessionService/Sessions, or send valid credentials.";
      case INVALID_REQUEST, MALFORMED_JSON -> "Correct the request body and resubmit the request if the operation failed.";
      case FORBIDDEN -> "Use a user with the privilege this operation requires.";
      case PRECONDITION_FAILED -> "Send OData-Version: 4.0 or leave the header out.";
      default -> "None.";
    };
  }
}
