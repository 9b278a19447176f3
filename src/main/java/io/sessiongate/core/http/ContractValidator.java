package io.sessiongate.core.http;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a request against its operation in the OpenAPI contract, on the event loop. vertx-openapi's own
 * RequestValidator hands every request to a worker thread and builds its schema validators per call; this
 * builds them once per operation (they are stateless) and reports the first violation with where it is.
 */
public final class ContractValidator {
  /** Where a handler finds the parsed body (a JsonObject or JsonArray), when the operation has one. */
  public static final String BODY = "sessiongate.body";

  private final List<CheckedParameter> parameters = new ArrayList<>();
  private final Validator bodyValidator;
  /** Null when the body's schema uses a keyword the quick check does not take. */
  private final QuickSchemaCheck quickBody;
  private final boolean bodyRequired;
  private final boolean hasBody;

  /** {@code quick}: null when the parameter's schema uses a keyword the quick check does not take. */
  private record CheckedParameter(Parameter parameter, Validator validator, QuickSchemaCheck quick) {
  }

  public ContractValidator(OpenAPIContract contract, Operation operation) {
    for (Parameter parameter : operation.getParameters()) {
      parameters.add(new CheckedParameter(parameter, contract.getSchemaRepository().validator(parameter.getSchema()),
        parameter.getSchema() == null ? null : quick(parameter.getSchema())));
    }
    RequestBody body = operation.getRequestBody();
    MediaType json = body == null ? null : body.getContent().get("application/json");
    this.hasBody = json != null;
    this.bodyRequired = body != null && body.isRequired();
    JsonSchema schema = json == null ? null : json.getSchema();
    this.bodyValidator = schema == null ? null : contract.getSchemaRepository().validator(schema);
    this.quickBody = schema == null ? null : quick(schema);
  }

  private static QuickSchemaCheck quick(JsonSchema schema) {
    try {
      return QuickSchemaCheck.of(schema);
    } catch (java.io.IOException | RuntimeException notCompiled) {
      // vertx-json-schema alone then, as before.
      return null;
    }
  }

  /** Checks parameters and body; on success the parsed body is in {@code ctx.get(BODY)}. Throws ApiError. */
  public void validate(RoutingContext ctx) {
    for (CheckedParameter checked : parameters) {
      validateParameter(ctx, checked);
    }
    if (!hasBody) {
      return;
    }
    Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      if (bodyRequired) {
        throw ApiError.invalid("A JSON request body is required.", "/");
      }
      return;
    }
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !isJson(contentType)) {
      throw ApiError.of(ApiError.Reason.UNSUPPORTED_MEDIA_TYPE,
        "The request body must be sent as Content-Type: application/json"
          + (contentType == null ? "." : ", not " + contentType + "."));
    }
    Object value = StrictJson.parse(raw);
    if (bodyValidator != null && (quickBody == null || !quickBody.accepts(raw))) {
      check(bodyValidator.validate(value), "body", "");
    }
    ctx.put(BODY, value);
  }

  private void validateParameter(RoutingContext ctx, CheckedParameter checked) {
    Parameter parameter = checked.parameter();
    String raw = rawValue(ctx, parameter);
    if (raw == null) {
      if (parameter.isRequired()) {
        throw ApiError.invalid("The " + where(parameter) + " is required.", parameter.getName()).breaking("required");
      }
      return;
    }
    Object value = typed(parameter, raw);
    if (checked.quick() != null && checked.quick().acceptsValue(value)) {
      return;
    }
    check(checked.validator().validate(value), where(parameter), parameter.getName());
  }

  private static String where(Parameter parameter) {
    return parameter.getIn().name().toLowerCase(Locale.ROOT) + " parameter '" + parameter.getName() + "'";
  }

  private static String rawValue(RoutingContext ctx, Parameter parameter) {
    Location in = parameter.getIn();
    return switch (in) {
      case PATH -> ctx.pathParam(parameter.getName());
      case QUERY -> single(ctx.queryParams(), parameter.getName());
      case HEADER -> ctx.request().getHeader(parameter.getName());
      case COOKIE -> {
        var cookie = ctx.request().getCookie(parameter.getName());
        yield cookie == null ? null : cookie.getValue();
      }
    };
  }

  private static String single(MultiMap params, String name) {
    List<String> values = params.getAll(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiError.invalid("The query parameter '" + name + "' is given " + values.size() + " times; give it once.", name);
    }
    return values.get(0);
  }

  /** Query, path and header values arrive as text; the contract's type says what they must parse as. */
  private static Object typed(Parameter parameter, String raw) {
    JsonSchema schema = parameter.getSchema();
    Object type = schema == null ? null : schema.get("type");
    try {
      if ("integer".equals(type)) {
        return Long.parseLong(raw.trim());
      }
      if ("number".equals(type)) {
        return Double.parseDouble(raw.trim());
      }
    } catch (NumberFormatException e) {
      throw ApiError.invalid("The " + where(parameter) + " must be " + ("integer".equals(type) ? "an integer" : "a number")
        + ", got '" + raw + "'.", parameter.getName()).breaking("type");
    }
    if ("boolean".equals(type)) {
      if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(raw);
      }
      throw ApiError.invalid("The " + where(parameter) + " must be true or false, got '" + raw + "'.", parameter.getName())
        .breaking("type");
    }
    return raw;
  }

  private static void check(OutputUnit result, String what, String location) {
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    OutputUnit cause = mostSpecific(result);
    String pointer = pointer(cause.getInstanceLocation());
    String keyword = keyword(cause.getKeywordLocation());
    if ("required".equals(keyword) && cause.getError() != null) {
      // "Instance does not have required property "tenant"": point at the missing property itself.
      java.util.regex.Matcher name = REQUIRED_NAME.matcher(cause.getError());
      if (name.find()) {
        pointer = pointer + "/" + name.group(1).replace("~", "~0").replace("/", "~1");
      }
    }
    String message = switch (keyword) {
      case "additionalProperties" -> "the property is not allowed by the contract";
      case "required" -> "the property is required";
      default -> cause.getError() == null ? "does not match the contract" : cause.getError();
    };
    String rule = keyword.isEmpty() ? "" : " (rule: " + keyword + ")";
    if (location.isEmpty()) {
      String at = pointer.isEmpty() ? "the request body" : "the request body at " + pointer;
      throw ApiError.invalid("Invalid value in " + at + ": " + message + rule + ".", pointer.isEmpty() ? "/" : pointer)
        .breaking(keyword);
    }
    throw ApiError.invalid("Invalid " + what + ": " + message + rule + ".", location).breaking(keyword);
  }

  private static final java.util.regex.Pattern REQUIRED_NAME = java.util.regex.Pattern.compile("property \"([^\"]*)\"");

  /** Keywords that only say "something below failed"; the error that names the rule is more useful. */
  private static final Set<String> WRAPPERS = Set.of(
    "properties", "additionalProperties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "$ref", "then", "else");

  /**
   * vertx-json-schema lists every failed keyword flat, wrappers included ("Property x does not match
   * schema"); the cause is at the deepest instance location, and there the keyword that is not a wrapper.
   */
  private static OutputUnit mostSpecific(OutputUnit result) {
    List<OutputUnit> all = new ArrayList<>();
    flatten(result, all);
    OutputUnit best = null;
    for (OutputUnit unit : all) {
      if (best == null || rank(unit) > rank(best)) {
        best = unit;
      }
    }
    return best;
  }

  private static int rank(OutputUnit unit) {
    String instance = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    int depth = (int) instance.chars().filter(c -> c == '/').count();
    return depth * 2 + (WRAPPERS.contains(keyword(unit.getKeywordLocation())) ? 0 : 1);
  }

  private static void flatten(OutputUnit unit, List<OutputUnit> into) {
    if (unit.getErrors() == null || unit.getErrors().isEmpty()) {
      into.add(unit);
      return;
    }
    unit.getErrors().forEach(child -> flatten(child, into));
  }

  /** "#/properties/sessionPriority/maximum" names the rule broken: "maximum". */
  private static String keyword(String keywordLocation) {
    if (keywordLocation == null || keywordLocation.isEmpty()) {
      return "";
    }
    return keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
  }

  /** vertx-json-schema reports "#/a/b"; clients read RFC 6901 pointers ("/a/b"). */
  private static String pointer(String instanceLocation) {
    if (instanceLocation == null || instanceLocation.equals("#")) {
      return "";
    }
    return instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
  }

  /**
   * application/json, a +json type, or a JSON-based vendor type such as Murano's
   * application/env-model-json-patch (vertx-openapi cannot declare one, so the contract says application/json).
   */
  private static boolean isJson(String contentType) {
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return base.equals("application/json") || base.endsWith("+json")
      || base.startsWith("application/") && base.contains("-json");
  }

}
