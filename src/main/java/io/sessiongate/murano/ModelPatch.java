package io.sessiongate.murano;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Murano's environment-model JSON patch: the checks of its {@code application/env-model-json-patch}
 * deserializer (murano/common/wsgi.py EnvModelJSONPatchDeserializer: pointer syntax, a value in every
 * change, the allowed operations per path, ENV_SCHEMA for the values), with its messages, and the patch
 * applied as python-jsonpatch does (add, replace, remove; its conflict messages).
 */
final class ModelPatch {
  /** A checked change: {@code path} is the decoded pointer, one element per token. */
  record Change(String op, List<String> path, Object value) {
  }

  private static final List<String> ANY_PATH = List.of("add", "replace", "remove");
  /** EnvModelJSONPatchDeserializer.allowed_operations; other paths allow add, replace and remove. */
  private static final Map<String, List<String>> ALLOWED = Map.of(
    "", List.of(),
    "defaultNetworks", List.of("replace"),
    "defaultNetworks/environment", List.of("replace"),
    "defaultNetworks/environment/?/id", List.of(),
    "defaultNetworks/flat", List.of("replace"),
    "name", List.of("replace"),
    "region", List.of("replace"),
    "?/type", List.of("replace"),
    "?/id", List.of());
  /** murano/api/v1/validation_schemas.py ENV_SCHEMA. */
  private static final JsonObject ENV_SCHEMA = new JsonObject("""
    {"type": "object", "properties": {
      "?": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"},
        "type": {"type": "string"}, "_actions": {"type": "object"}}, "required": ["id", "type"]},
      "name": {"type": "string"},
      "region": {"type": ["string", "null"]},
      "regions": {"type": "object"},
      "defaultNetworks": {"type": "object", "properties": {
        "environment": {"type": "object", "properties": {
          "name": {"type": "string"},
          "?": {"type": "object", "properties": {"type": {"type": "string"}, "id": {"type": "string"},
            "name": {"type": "string"}}},
          "autoUplink": {"type": "boolean"}, "externalRouterId": {"type": "string"},
          "dnsNameServers": {"type": "array"}, "autogenerateSubnet": {"type": "boolean"},
          "subnetCidr": {"type": "string"}, "openstackId": {"type": "string"}, "regionName": {"type": "string"}},
          "required": ["name", "?"]},
        "flat": {"type": ["boolean", "null"]}},
        "required": ["environment", "flat"]},
      "services": {"type": "array", "minItems": 0, "items": {"type": "object"}}},
     "required": ["?", "name", "region", "defaultNetworks"]}
    """);
  private static final Pattern ADJACENT_SLASHES = Pattern.compile("/\\s*?/");
  private static final Pattern BAD_ESCAPE = Pattern.compile("~[^01]");
  private static final Pattern ARRAY_INDEX = Pattern.compile("0|[1-9][0-9]*");

  private ModelPatch() {
  }

  /** The deserializer's checks, in its order; the first one broken is the answer (400, or 403 for a path). */
  static List<Change> parse(Object body) {
    if (!(body instanceof JsonArray operations)) {
      throw refused("JSON-patch must be a list.");
    }
    List<Change> changes = new ArrayList<>();
    for (Object raw : operations) {
      if (!(raw instanceof JsonObject change)) {
        throw refused("Operations must be JSON objects.");
      }
      if (!change.containsKey("op")) {
        throw refused("Unable to find 'op' in JSON Schema change");
      }
      String op = String.valueOf(change.getValue("op"));
      if (!change.containsKey("path")) {
        throw refused("Unable to find 'path' in JSON Schema change");
      }
      List<String> path = decode(String.valueOf(change.getValue("path")));
      if (!change.containsKey("value")) {
        throw refused("Operation \"" + op + "\" requires a member named \"value\".");
      }
      Object value = change.getValue("value");
      String fullPath = String.join("/", path);
      List<String> allowed = ALLOWED.getOrDefault(fullPath, ANY_PATH);
      if (!allowed.contains(op)) {
        throw ApiError.forbidden("Method '" + op + "' is not allowed for a path with name '" + fullPath
          + "'. Allowed operations are: " + (allowed.isEmpty() ? "no operations" : String.join(", ", allowed)));
      }
      String schemaError = SchemaCheck.error(value, schemaAt(path));
      if (schemaError != null) {
        throw refused(schemaError);
      }
      changes.add(new Change(op, path, value));
    }
    return changes;
  }

  private static ApiError refused(String message) {
    return ApiError.invalid(message, "/");
  }

  /** JSONPatchDeserializer._decode_json_pointer, with its checks; tokens are stripped as Murano strips them. */
  private static List<String> decode(String pointer) {
    if (!pointer.startsWith("/")) {
      throw refused("Pointer `" + pointer + "` does not start with \"/\".");
    }
    if (ADJACENT_SLASHES.matcher(pointer.substring(1)).find()) {
      throw refused("Pointer `" + pointer + "` contains adjacent \"/\".");
    }
    if (pointer.length() > 1 && pointer.endsWith("/")) {
      throw refused("Pointer `" + pointer + "` ends with \"/\".");
    }
    if (BAD_ESCAPE.matcher(pointer).find() || pointer.endsWith("~")) {
      throw refused("Pointer `" + pointer + "` contains \"~\", which is not part of a recognized escape sequence.");
    }
    List<String> tokens = new ArrayList<>();
    for (String token : pointer.replaceFirst("^/+", "").split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~").strip());
    }
    return tokens;
  }

  /** JSONPatchDeserializer._validate_schema's walk: the sub-schema of the path, or null when it has none. */
  private static JsonObject schemaAt(List<String> path) {
    JsonObject schema = ENV_SCHEMA;
    boolean found = true;
    for (String token : path) {
      Object type = schema.getValue("type");
      if ("array".equals(type)) {
        if (schema.getValue("items") instanceof JsonObject items) {
          schema = items;
        } else {
          found = false;
        }
      } else if ("object".equals(type)) {
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        if (properties.getValue(token) instanceof JsonObject property) {
          schema = property;
        } else {
          found = false;
        }
      }
    }
    return found ? schema : null;
  }

  /** Applies the changes to {@code model} in place, as jsonpatch does; a conflict is Murano's 404 with its text. */
  static JsonObject apply(List<Change> changes, JsonObject model) {
    for (Change change : changes) {
      Object parent = model;
      List<String> path = change.path();
      for (String token : path.subList(0, path.size() - 1)) {
        parent = step(parent, token);
      }
      String last = path.get(path.size() - 1);
      Object value = copy(change.value());
      String location = "/" + String.join("/", path);
      switch (change.op()) {
        case "add" -> add(parent, last, value, location);
        case "replace" -> replace(parent, last, value, location);
        default -> remove(parent, last, location);
      }
    }
    return model;
  }

  private static Object step(Object document, String token) {
    if (document instanceof JsonObject object) {
      if (!object.containsKey(token)) {
        throw conflict("member '" + token + "' not found in " + SchemaCheck.repr(object));
      }
      return object.getValue(token);
    }
    if (document instanceof JsonArray array) {
      int index = index(token);
      if (index >= array.size()) {
        throw conflict("index '" + index + "' is out of bounds");
      }
      return array.getValue(index);
    }
    throw conflict("Document '" + SchemaCheck.repr(document) + "' does not support indexing, only dictionaries and "
      + "lists are supported.");
  }

  private static void add(Object parent, String token, Object value, String location) {
    if (parent instanceof JsonArray array) {
      if (token.equals("-")) {
        array.add(value);
        return;
      }
      int index = index(token);
      if (index > array.size()) {
        throw conflict("can't insert outside of list");
      }
      array.getList().add(index, value);
    } else if (parent instanceof JsonObject object) {
      object.put(token, value);
    } else {
      throw unresolved(location, token);
    }
  }

  private static void replace(Object parent, String token, Object value, String location) {
    if (parent instanceof JsonArray array) {
      int index = index(token);
      if (index >= array.size()) {
        throw conflict("can't replace outside of list");
      }
      array.set(index, value);
    } else if (parent instanceof JsonObject object) {
      if (!object.containsKey(token)) {
        throw conflict("can't replace a non-existent object '" + token + "'");
      }
      object.put(token, value);
    } else {
      throw unresolved(location, token);
    }
  }

  private static void remove(Object parent, String token, String location) {
    if (parent instanceof JsonArray array) {
      int index = index(token);
      if (index >= array.size()) {
        throw conflict("can't remove a non-existent object '" + token + "'");
      }
      array.remove(index);
    } else if (parent instanceof JsonObject object) {
      if (!object.containsKey(token)) {
        throw conflict("can't remove a non-existent object '" + token + "'");
      }
      object.remove(token);
    } else {
      throw unresolved(location, token);
    }
  }

  private static int index(String token) {
    if (!ARRAY_INDEX.matcher(token).matches() || token.length() > 9) {
      throw conflict("'" + token + "' is not a valid sequence index");
    }
    return Integer.parseInt(token);
  }

  private static ApiError unresolved(String location, String token) {
    return conflict("unable to fully resolve json pointer " + location + ", part " + token);
  }

  /** Murano answers a failed patch with {@code HTTPNotFound(str(e))}: the text as webob's detail. */
  private static ApiError conflict(String message) {
    return ApiError.notFound(message).withCode(MuranoFaults.DETAIL);
  }

  private static Object copy(Object value) {
    return value instanceof JsonObject object ? object.copy() : value instanceof JsonArray array ? array.copy() : value;
  }
}
