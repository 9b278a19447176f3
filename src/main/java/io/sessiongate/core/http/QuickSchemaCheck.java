package io.sessiongate.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.serialization.JsonMapperFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A fast "yes" for a request body or parameter: networknt's json-schema-validator, compiled once from the
 * operation's schema, says whether the value is valid in a few microseconds, where vertx-json-schema takes 10-20
 * for a body (it walks its schema as a map and builds the output units and JSON pointers of every keyword it
 * checks). A value it accepts goes on; any other is validated by vertx-json-schema as before, which decides and
 * words the error, so what a client is told never changes. Only for schemas made of the keywords listed here, whose meaning the
 * two libraries share (JSON Schema 2020-12, no {@code format}, {@code $ref} already resolved by the contract):
 * for any other schema {@link #of} answers null and the value goes to vertx-json-schema alone.
 */
final class QuickSchemaCheck {
  /** Keywords that check: both validators implement them as JSON Schema 2020-12 says. */
  private static final Set<String> CHECKS = Set.of("type", "properties", "additionalProperties", "required",
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum",
    "const", "items", "prefixItems", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else");
  /** Keywords that only annotate; they are left out of what networknt compiles. */
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "examples", "example",
    "deprecated", "$comment", "__absolute_uri__");
  /** Keywords whose value is one schema, a map of names to schemas, a list of schemas. */
  private static final Set<String> ONE_SCHEMA = Set.of("additionalProperties", "items", "not", "if", "then", "else");
  private static final Set<String> NAMED_SCHEMAS = Set.of("properties");
  private static final Set<String> LISTED_SCHEMAS = Set.of("prefixItems", "allOf", "anyOf", "oneOf");

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getDraft202012());
  private static final ObjectMapper JSON = JsonMapperFactory.getInstance();

  private final Schema schema;

  private QuickSchemaCheck(Schema schema) {
    this.schema = schema;
  }

  /** The check for a body's or a parameter's schema, or null when it uses a keyword not in {@link #CHECKS}. */
  static QuickSchemaCheck of(JsonSchema schema) throws IOException {
    JsonObject json = new JsonObject();
    for (String keyword : schema.fieldNames()) {
      json.put(keyword, schema.<Object>get(keyword));
    }
    Object checks = checksOnly(json);
    if (checks == null) {
      return null;
    }
    JsonNode tree = JSON.readTree(((JsonObject) checks).encode());
    return new QuickSchemaCheck(REGISTRY.getSchema(tree));
  }

  /** True when a parameter's value (text, or the number or boolean its type made of it) is valid for sure. */
  boolean acceptsValue(Object value) {
    try {
      return valid(JSON.valueToTree(value));
    } catch (RuntimeException unsure) {
      return false;
    }
  }

  /** True when the body (well-formed JSON, already read by {@link StrictJson}) is valid for sure. */
  boolean accepts(Buffer raw) {
    try {
      return valid(JSON.readTree(raw.getBytes()));
    } catch (IOException | RuntimeException unsure) {
      return false;
    }
  }

  private boolean valid(JsonNode tree) {
    return readAlike(tree) && schema.validate(tree, OutputFormat.BOOLEAN);
  }

  /**
   * False when the value holds a number the two libraries type apart: a fraction-free number past the range of a
   * long (1e300) is an integer to networknt, as JSON Schema says, and not to vertx-json-schema.
   */
  private static boolean readAlike(JsonNode node) {
    if (node.isFloatingPointNumber() || node.isBigInteger()) {
      return Math.abs(node.doubleValue()) < 9.0e18;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (!readAlike(child)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The schema without its annotations, or null when it has a keyword this check does not take. */
  private static Object checksOnly(Object schema) {
    if (schema instanceof Boolean) {
      return schema;
    }
    if (!(schema instanceof JsonObject object)) {
      return null;
    }
    JsonObject kept = new JsonObject();
    for (Map.Entry<String, Object> entry : object) {
      String keyword = entry.getKey();
      Object value = entry.getValue();
      if (ANNOTATIONS.contains(keyword) || keyword.startsWith("x-")) {
        continue;
      }
      if (!CHECKS.contains(keyword)) {
        return null;
      }
      Object checked = value;
      if (ONE_SCHEMA.contains(keyword)) {
        checked = checksOnly(value);
      } else if (NAMED_SCHEMAS.contains(keyword)) {
        checked = named(value);
      } else if (LISTED_SCHEMAS.contains(keyword)) {
        checked = listed(value);
      }
      if (checked == null) {
        return null;
      }
      kept.put(keyword, checked);
    }
    return kept;
  }

  private static JsonObject named(Object value) {
    if (!(value instanceof JsonObject names)) {
      return null;
    }
    JsonObject kept = new JsonObject();
    for (Map.Entry<String, Object> entry : names) {
      Object checked = checksOnly(entry.getValue());
      if (checked == null) {
        return null;
      }
      kept.put(entry.getKey(), checked);
    }
    return kept;
  }

  private static JsonArray listed(Object value) {
    if (!(value instanceof JsonArray schemas)) {
      return null;
    }
    JsonArray kept = new JsonArray();
    for (Object each : schemas) {
      Object checked = checksOnly(each);
      if (checked == null) {
        return null;
      }
      kept.add(checked);
    }
    return kept;
  }
}
