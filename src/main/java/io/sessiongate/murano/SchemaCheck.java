package io.sessiongate.murano;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The part of python-jsonschema (draft 4) that ENV_SCHEMA uses (type, properties, required, items), giving
 * the message {@code jsonschema.validate} raises for the most relevant (shallowest) error, with the value
 * written as Python's repr writes it: what Murano answers for a model patch whose value breaks the schema.
 */
final class SchemaCheck {
  private SchemaCheck() {
  }

  /** The first error (shallowest, then in schema order), or null when {@code value} is valid; null schema: valid. */
  static String error(Object value, JsonObject schema) {
    if (schema == null) {
      return null;
    }
    List<String> types = schema.getValue("type") instanceof JsonArray many
      ? many.stream().map(String::valueOf).toList()
      : schema.getValue("type") instanceof String one ? List.of(one) : List.of();
    if (!types.isEmpty() && types.stream().noneMatch(type -> hasType(value, type))) {
      return repr(value) + " is not of type " + types.stream().map(type -> "'" + type + "'")
        .collect(Collectors.joining(", "));
    }
    if (value instanceof JsonObject object) {
      if (schema.getValue("required") instanceof JsonArray required) {
        for (Object name : required) {
          if (!object.containsKey(String.valueOf(name))) {
            return "'" + name + "' is a required property";
          }
        }
      }
      if (schema.getValue("properties") instanceof JsonObject properties) {
        for (Map.Entry<String, Object> property : properties) {
          if (object.containsKey(property.getKey()) && property.getValue() instanceof JsonObject subschema) {
            String nested = error(object.getValue(property.getKey()), subschema);
            if (nested != null) {
              return nested;
            }
          }
        }
      }
    }
    if (value instanceof JsonArray array && schema.getValue("items") instanceof JsonObject items) {
      for (Object item : array) {
        String nested = error(item, items);
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  private static boolean hasType(Object value, String type) {
    return switch (type) {
      case "object" -> value instanceof JsonObject;
      case "array" -> value instanceof JsonArray;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "null" -> value == null;
      case "integer" -> value instanceof Integer || value instanceof Long;
      case "number" -> value instanceof Number;
      default -> true;
    };
  }

  /** Python's repr of the JSON value (None, True, 'text', [..], {'k': v}). */
  static String repr(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean flag) {
      return flag ? "True" : "False";
    }
    if (value instanceof String text) {
      return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(SchemaCheck::repr).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof JsonObject object) {
      return object.stream().map(entry -> repr(entry.getKey()) + ": " + repr(entry.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
    }
    return String.valueOf(value);
  }
}
