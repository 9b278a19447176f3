package io.sessiongate.redfish;

import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.ErrorFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * DSP0266 error responses: {@code {"error": {"code", "message", "@Message.ExtendedInfo": [...]}}} with
 * Base registry MessageIds; {@code RelatedProperties} points at the offending property and
 * {@code MessageArgs} names it. Every error carries OData-Version, every 401 WWW-Authenticate.
 */
public final class RedfishErrorFormat implements ErrorFormat {
  static final String BASE = "Base.1.18.";

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

  /** One Message (v1_1_1) for {@code error}, also used in the {@code @Message.ExtendedInfo} of a 200. */
  static JsonObject message(ApiError error) {
    String messageId = error.code() != null ? error.code() : BASE + messageKey(error);
    String severity = error.status() >= 500 ? "Critical" : "Warning";
    JsonObject message = new JsonObject()
      .put("@odata.type", "#Message.v1_1_1.Message")
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

  private static String messageKey(ApiError error) {
    return switch (error.reason()) {
      case MALFORMED_JSON -> "MalformedJSON";
      case INVALID_REQUEST -> invalidKey(error);
      case UNAUTHORIZED -> "NoValidSession";
      case FORBIDDEN -> "InsufficientPrivilege";
      case NOT_FOUND -> "ResourceNotFound";
      case METHOD_NOT_ALLOWED -> "OperationNotAllowed";
      case NOT_IMPLEMENTED -> "QueryNotSupported";
      case PRECONDITION_FAILED -> "PreconditionFailed";
      case UNSUPPORTED_MEDIA_TYPE -> "UnrecognizedRequestBody";
      case CONFLICT -> "ResourceAlreadyExists";
      case UNAVAILABLE, TOO_MANY_REQUESTS -> "ServiceTemporarilyUnavailable";
      case INTERNAL -> "InternalError";
      default -> "GeneralError";
    };
  }

  private static String invalidKey(ApiError error) {
    boolean query = error.location() != null && !error.location().startsWith("/");
    if (query) {
      return "QueryParameterValueFormatError";
    }
    String rule = error.rule() == null ? "" : error.rule();
    return switch (rule) {
      case "required" -> "PropertyMissing";
      case "type" -> "PropertyValueTypeError";
      case "additionalProperties" -> "PropertyUnknown";
      case "enum", "const" -> "PropertyValueNotInList";
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> "PropertyValueOutOfRange";
      default -> "PropertyValueFormatError";
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
