package io.sessiongate.core.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick body check never says yes where vertx-json-schema says no: for every operation with a JSON body in
 * every contract of openapi/, thousands of bodies generated from its schema (valid ones, and each mutated at
 * one place: a wrong type, a bound crossed by one, a property dropped or added, a duplicate item, a string of
 * astral characters at its length limit) get the same verdict from both whenever the quick check accepts.
 */
class QuickSchemaCheckTest {
  private static final Vertx VERTX = Vertx.vertx();
  private static final List<Checked> OPERATIONS = new ArrayList<>();
  private static final List<Checked> PARAMETERS = new ArrayList<>();

  private record Checked(String name, JsonSchema schema, Validator vertx, QuickSchemaCheck quick) {
  }

  @BeforeAll
  static void loadContracts() throws Exception {
    for (File file : new File("openapi").listFiles((dir, name) -> name.endsWith(".yaml"))) {
      OpenAPIContract contract = await(OpenAPIContract.from(VERTX, file.getPath()));
      for (Operation operation : contract.operations()) {
        MediaType json = operation.getRequestBody() == null ? null
          : operation.getRequestBody().getContent().get("application/json");
        for (io.vertx.openapi.contract.Parameter parameter : operation.getParameters()) {
          if (parameter.getSchema() != null) {
            PARAMETERS.add(new Checked(file.getName() + " " + operation.getOperationId() + " " + parameter.getName(),
              parameter.getSchema(), contract.getSchemaRepository().validator(parameter.getSchema()),
              QuickSchemaCheck.of(parameter.getSchema())));
          }
        }
        if (json != null && json.getSchema() != null) {
          OPERATIONS.add(new Checked(file.getName() + " " + operation.getOperationId(), json.getSchema(),
            contract.getSchemaRepository().validator(json.getSchema()), QuickSchemaCheck.of(json.getSchema())));
        }
      }
    }
  }

  @AfterAll
  static void close() {
    await(VERTX.close());
  }

  @Test
  void theQuickCheckAcceptsOnlyWhatVertxJsonSchemaAccepts() {
    Tally bodies = compare("body", OPERATIONS, new Random(20261201), 400, (operation, body) -> {
      String encoded = body instanceof JsonObject object ? object.encode() : body instanceof JsonArray array
        ? array.encode() : io.vertx.core.json.Json.encode(body);
      boolean vertx = Boolean.TRUE.equals(operation.vertx().validate(StrictJson.parse(Buffer.buffer(encoded))).getValid());
      return new boolean[] {vertx, operation.quick().accepts(Buffer.buffer(encoded))};
    });
    assertTrue(bodies.compiled() >= 20, "most body schemas take the quick check: " + bodies);
  }

  @Test
  void theQuickCheckAcceptsOnlyParameterValuesThatVertxJsonSchemaAccepts() {
    Tally values = compare("parameter", PARAMETERS, new Random(20261202), 200, (parameter, value) -> new boolean[] {
      Boolean.TRUE.equals(parameter.vertx().validate(value).getValid()), parameter.quick().acceptsValue(value)});
    assertTrue(values.compiled() >= PARAMETERS.size() * 3 / 4, "most parameter schemas take the quick check: " + values);
  }

  private record Tally(int compiled, int of, int tried, int vertxYes, int quickYes) {
  }

  /**
   * {@code each} values per schema that takes the quick check, every other one mutated at one place; {@code verdicts}
   * gives vertx-json-schema's and the quick check's. Never a quick yes where vertx-json-schema says no, both verdicts
   * tried, and the quick check says yes to nearly all that is valid.
   */
  private static Tally compare(String kind, List<Checked> schemas, Random random, int each,
                               java.util.function.BiFunction<Checked, Object, boolean[]> verdicts) {
    int compiled = 0;
    int tried = 0;
    int vertxYes = 0;
    int quickYes = 0;
    for (Checked checked : schemas) {
      if (checked.quick() == null) {
        continue;
      }
      compiled++;
      Generator generator = new Generator(random);
      for (int i = 0; i < each; i++) {
        Object value = generator.valid(checked.schema());
        if (i % 2 == 1) {
          value = generator.mutate(value, checked.schema());
        }
        boolean[] verdict = verdicts.apply(checked, value);
        tried++;
        vertxYes += verdict[0] ? 1 : 0;
        quickYes += verdict[1] ? 1 : 0;
        if (verdict[1]) {
          assertTrue(verdict[0], checked.name() + ": the quick check accepted what vertx-json-schema refuses: " + value);
        }
      }
    }
    Tally tally = new Tally(compiled, schemas.size(), tried, vertxYes, quickYes);
    System.out.println("quick check, " + kind + " schemas: " + tally);
    assertTrue(vertxYes > tried / 4 && tried - vertxYes > tried / 4, "both verdicts were tried: " + tally);
    assertTrue(quickYes >= vertxYes * 95 / 100, "the quick check says yes to what is valid: " + tally);
    return tally;
  }

  @Test
  void theSymphonyAndRedfishBodiesOfTheBenchTakeTheQuickCheck() {
    for (String name : List.of("symphony.yaml createWorkloadSession", "redfish.yaml createSession")) {
      Checked operation = OPERATIONS.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
      assertTrue(operation.quick() != null, name);
    }
    Checked symphony = OPERATIONS.stream().filter(o -> o.name().equals("symphony.yaml createWorkloadSession"))
      .findFirst().orElseThrow();
    assertTrue(symphony.quick().accepts(Buffer.buffer("{\"sessionName\":\"bench\",\"sessionPriority\":10,"
      + "\"serviceName\":\"svc\",\"minServices\":1,\"maxServices\":4}")), "bench/run's body");
    Checked redfish = OPERATIONS.stream().filter(o -> o.name().equals("redfish.yaml createSession")).findFirst()
      .orElseThrow();
    assertTrue(redfish.quick().accepts(Buffer.buffer("{\"UserName\":\"admin\",\"Password\":\"secret\"}")));
    // An integral number past a long is an integer to networknt (as JSON Schema says) but not to vertx-json-schema:
    // the quick check must leave it to the latter (a body's number, or a parameter's: sessionId has no maximum).
    Checked sessionId = PARAMETERS.stream().filter(p -> p.name().equals("symphony.yaml getWorkloadSession sessionId"))
      .findFirst().orElseThrow();
    assertEquals(false, Boolean.TRUE.equals(sessionId.vertx().validate(1.0e300).getValid()));
    assertEquals(false, sessionId.quick().acceptsValue(1.0e300));
    assertEquals(true, sessionId.quick().acceptsValue(12L));
    assertEquals(false, symphony.quick().accepts(Buffer.buffer("{\"sessionPriority\":0}")));
    assertEquals(false, symphony.quick().accepts(Buffer.buffer("{\"nope\":1}")));
  }

  /** Bodies from a schema: {@link #valid} as far as the schema's keywords say, {@link #mutate} one place wrong. */
  private static final class Generator {
    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    Object valid(Object schema) {
      if (!(schema instanceof JsonSchema) && !(schema instanceof JsonObject)) {
        return "x";
      }
      JsonObject s = json(schema);
      if (s.containsKey("const")) {
        return s.getValue("const");
      }
      if (s.containsKey("enum")) {
        JsonArray values = s.getJsonArray("enum");
        return values.getValue(random.nextInt(values.size()));
      }
      for (String any : List.of("oneOf", "anyOf", "allOf")) {
        if (s.containsKey(any) && !s.containsKey("type") && !s.containsKey("properties")) {
          JsonArray options = s.getJsonArray(any);
          return valid(options.getValue(random.nextInt(options.size())));
        }
      }
      String type = type(s);
      switch (type) {
        case "object" -> {
          JsonObject object = new JsonObject();
          JsonObject properties = s.getJsonObject("properties", new JsonObject());
          List<String> required = s.getJsonArray("required", new JsonArray()).stream().map(String.class::cast).toList();
          for (Map.Entry<String, Object> property : properties) {
            if (required.contains(property.getKey()) || random.nextInt(3) == 0) {
              object.put(property.getKey(), valid(property.getValue()));
            }
          }
          for (String name : required) {
            if (!object.containsKey(name)) {
              object.put(name, "x");
            }
          }
          if (properties.isEmpty() && s.getValue("additionalProperties") instanceof JsonObject extra) {
            object.put("k" + random.nextInt(9), valid(extra));
          }
          return object;
        }
        case "array" -> {
          JsonArray array = new JsonArray();
          JsonArray prefix = s.getJsonArray("prefixItems");
          if (prefix != null) {
            prefix.forEach(item -> array.add(valid(item)));
            return array;
          }
          int min = s.getInteger("minItems", 0);
          int n = Math.max(min, random.nextInt(3));
          for (int i = 0; i < n; i++) {
            Object item = valid(s.getValue("items"));
            if (s.getBoolean("uniqueItems", false) && array.contains(item)) {
              continue;
            }
            array.add(item);
          }
          return array;
        }
        case "integer" -> {
          long min = s.getValue("minimum") instanceof Number n ? n.longValue() : 0;
          long max = s.getValue("maximum") instanceof Number n ? n.longValue() : min + 1000;
          return random.nextBoolean() ? min : max;
        }
        case "number" -> {
          return s.getValue("minimum") instanceof Number n ? n.doubleValue() + 0.5 : 1.5;
        }
        case "boolean" -> {
          return random.nextBoolean();
        }
        default -> {
          int min = s.getInteger("minLength", 1);
          int max = s.getInteger("maxLength", min + 8);
          if (s.containsKey("pattern")) {
            return patterned(s.getString("pattern"), min);
          }
          return "a".repeat(Math.min(max, Math.max(min, 3)));
        }
      }
    }

    /** {@code body} wrong at one place (somewhere down its tree), or right by chance. */
    Object mutate(Object body, Object schema) {
      JsonObject s = schema instanceof JsonSchema || schema instanceof JsonObject ? json(schema) : new JsonObject();
      if (body instanceof JsonObject object && !object.isEmpty() && random.nextBoolean()) {
        List<String> names = new ArrayList<>(object.fieldNames());
        String name = names.get(random.nextInt(names.size()));
        Object propertySchema = s.getJsonObject("properties", new JsonObject()).getValue(name);
        JsonObject copy = object.copy();
        copy.put(name, mutate(object.getValue(name), propertySchema));
        return copy;
      }
      if (body instanceof JsonArray array && !array.isEmpty() && random.nextBoolean()) {
        JsonArray copy = array.copy();
        int at = random.nextInt(array.size());
        Object itemSchema = s.getJsonArray("prefixItems") != null && at < s.getJsonArray("prefixItems").size()
          ? s.getJsonArray("prefixItems").getValue(at) : s.getValue("items");
        copy.set(at, mutate(array.getValue(at), itemSchema));
        return copy;
      }
      return switch (random.nextInt(12)) {
        case 0 -> null;
        case 1 -> 7;
        case 2 -> 7.5;
        case 3 -> "text";
        case 4 -> true;
        case 5 -> new JsonArray().add(1).add(1);
        case 6 -> new JsonObject().put("unexpected", 1);
        case 7 -> body instanceof JsonObject object ? without(object) : -1;
        case 8 -> body instanceof Number n ? n.longValue() + (random.nextBoolean() ? 1 : -1) : 9223372036854775807L;
        case 9 -> body instanceof String text ? text + "a" : 1e300;
        case 10 -> body instanceof String text ? "\uD83D\uDE00".repeat(Math.max(1, text.length())) : 0;
        default -> body instanceof JsonArray array ? array.copy().add(array.isEmpty() ? 1 : array.getValue(0)) : 2.0;
      };
    }

    private Object without(JsonObject object) {
      if (object.isEmpty()) {
        return object.copy().put("extra", 1);
      }
      JsonObject copy = object.copy();
      copy.remove(copy.fieldNames().iterator().next());
      return copy;
    }

    /** A string for the patterns the contracts use: absolute paths, names, ids. */
    private String patterned(String pattern, int min) {
      String candidate = pattern.startsWith("^/") ? "/a" : "a";
      for (String c : List.of(candidate, "a1", "A", "abc", "/x/y", "a-b", "1")) {
        String text = c.length() >= min ? c : c + "a".repeat(min - c.length());
        if (text.matches(".*") && java.util.regex.Pattern.compile(pattern).matcher(text).find()) {
          return text;
        }
      }
      return candidate;
    }

    private static JsonObject json(Object schema) {
      if (schema instanceof JsonObject object) {
        return object;
      }
      JsonSchema s = (JsonSchema) schema;
      JsonObject json = new JsonObject();
      for (String keyword : s.fieldNames()) {
        json.put(keyword, s.<Object>get(keyword));
      }
      return json;
    }

    private static String type(JsonObject s) {
      Object type = s.getValue("type");
      if (type instanceof JsonArray types) {
        return types.getString(0);
      }
      if (type instanceof String t) {
        return t;
      }
      return s.containsKey("properties") ? "object" : s.containsKey("items") ? "array" : "string";
    }
  }
}
