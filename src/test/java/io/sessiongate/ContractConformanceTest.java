package io.sessiongate;

import io.sessiongate.core.http.HttpRouterVerticle.MountedSlice;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of every contract in openapi/ is served, and breaking its contract gets a 400 that names
 * the broken parameter or property, in that API's error format (JSON); every operation that takes a body
 * refuses a 2 MiB one with 413. The requests carry an admin gateway token, which every API accepts.
 */
class ContractConformanceTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static TestGateway gateway;
  private static String adminToken;

  @BeforeAll
  static void start() {
    gateway = TestGateway.inMemory(Map.of());
    adminToken = gateway.adminToken();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void everyContractInTheOpenapiFolderIsMounted() throws IOException {
    Set<String> mounted = gateway.gateway().slices().stream().map(m -> m.slice().contract()).collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(Path.of("openapi"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        assertTrue(mounted.contains("openapi/" + file.getFileName()), file + " is not mounted by any slice");
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> breakingTheContractIs400NamingTheField() {
    List<DynamicTest> tests = new ArrayList<>();
    for (MountedSlice mounted : gateway.gateway().slices()) {
      JsonObject root = mounted.contract().getRawContract();
      JsonObject paths = root.getJsonObject("paths");
      for (String path : paths.fieldNames()) {
        // The loaded contract carries bookkeeping entries (such as __absolute_uri__) beside the paths.
        if (!(paths.getValue(path) instanceof JsonObject item)) {
          continue;
        }
        for (String method : item.fieldNames()) {
          if (!METHODS.contains(method)) {
            continue;
          }
          JsonObject operation = item.getJsonObject(method);
          List<JsonObject> parameters = parameters(root, item, operation);
          Violation violation = violation(root, parameters, operation);
          if (violation == null) {
            continue;
          }
          String name = mounted.slice().name() + " " + operation.getString("operationId") + ": " + violation.what();
          tests.add(DynamicTest.dynamicTest(name, () -> {
            HttpResponse<Buffer> response = send(mounted, path, method, parameters, violation);
            assertEquals(400, response.statusCode(), name + " -> " + response.bodyAsString());
            assertTrue(response.getHeader("Content-Type").contains("json"), response.getHeader("Content-Type"));
            JsonObject body = response.bodyAsJsonObject();
            assertTrue(body.encode().contains(violation.field()),
              name + ": the error does not name '" + violation.field() + "': " + body.encode());
          }));
        }
      }
    }
    assertFalse(tests.isEmpty());
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> aTwoMebibyteBodyIs413() {
    List<DynamicTest> tests = new ArrayList<>();
    String big = "{\"x\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}";
    for (MountedSlice mounted : gateway.gateway().slices()) {
      JsonObject root = mounted.contract().getRawContract();
      JsonObject paths = root.getJsonObject("paths");
      for (String path : paths.fieldNames()) {
        // The loaded contract carries bookkeeping entries (such as __absolute_uri__) beside the paths.
        if (!(paths.getValue(path) instanceof JsonObject item)) {
          continue;
        }
        for (String method : item.fieldNames()) {
          JsonObject operation = METHODS.contains(method) ? item.getJsonObject(method) : null;
          if (operation == null || !operation.containsKey("requestBody")) {
            continue;
          }
          List<JsonObject> parameters = parameters(root, item, operation);
          tests.add(DynamicTest.dynamicTest(mounted.slice().name() + " " + operation.getString("operationId"), () -> {
            HttpRequest<Buffer> request = request(mounted, path, method, parameters, null);
            HttpResponse<Buffer> response = gateway.sendRaw(request, "application/json", big);
            assertEquals(413, response.statusCode(), response.bodyAsString());
            assertTrue(response.getHeader("Content-Type").contains("json"));
          }));
        }
      }
    }
    return tests.stream();
  }

  /** What the test breaks: a parameter left out or mistyped, or a body property of the wrong type. */
  private record Violation(String what, String field, String in, JsonObject body) {
  }

  private static Violation violation(JsonObject root, List<JsonObject> parameters, JsonObject operation) {
    for (JsonObject parameter : parameters) {
      if (parameter.getBoolean("required", false) && Set.of("query", "header").contains(parameter.getString("in"))) {
        return new Violation("without the required " + parameter.getString("in") + " parameter "
          + parameter.getString("name"), parameter.getString("name"), parameter.getString("in"), null);
      }
    }
    JsonObject body = operation.getJsonObject("requestBody");
    if (body != null) {
      JsonObject schema = resolve(root, body.getJsonObject("content", new JsonObject())
        .getJsonObject("application/json", new JsonObject()).getJsonObject("schema"));
      JsonObject properties = schema == null ? null : schema.getJsonObject("properties");
      if (properties != null) {
        for (String property : properties.fieldNames()) {
          JsonObject propertySchema = resolve(root, properties.getJsonObject(property));
          Object wrong = wrongValueFor(propertySchema);
          if (wrong != null) {
            return new Violation("body property " + property + " of the wrong type", property, "body",
              new JsonObject().put(property, wrong));
          }
        }
      }
    }
    for (JsonObject parameter : parameters) {
      JsonObject schema = resolve(root, parameter.getJsonObject("schema"));
      if ("query".equals(parameter.getString("in")) && schema != null && wrongValueFor(schema) instanceof String) {
        return new Violation("query parameter " + parameter.getString("name") + " of the wrong type",
          parameter.getString("name"), "query-wrong", null);
      }
    }
    return null;
  }

  /** A JSON value that the property's declared type refuses, or null when the type accepts anything. */
  private static Object wrongValueFor(JsonObject schema) {
    if (schema == null) {
      return null;
    }
    Object type = schema.getValue("type");
    if (type instanceof JsonArray) {
      return null;
    }
    return switch (String.valueOf(type)) {
      case "string" -> new JsonArray().add(1);
      case "integer", "number" -> "not-a-number";
      case "boolean" -> "not-a-boolean";
      case "object" -> "not-an-object";
      case "array" -> "not-an-array";
      default -> null;
    };
  }

  private static HttpResponse<Buffer> send(MountedSlice mounted, String path, String method,
                                           List<JsonObject> parameters, Violation violation) {
    HttpRequest<Buffer> request = request(mounted, path, method, parameters, violation);
    if (violation.body() != null) {
      return gateway.sendRaw(request, "application/json", violation.body().encode());
    }
    return gateway.send(request);
  }

  private static HttpRequest<Buffer> request(MountedSlice mounted, String path, String method,
                                             List<JsonObject> parameters, Violation violation) {
    String concrete = path;
    List<String> query = new ArrayList<>();
    for (JsonObject parameter : parameters) {
      String name = parameter.getString("name");
      boolean broken = violation != null && name.equals(violation.field());
      switch (parameter.getString("in")) {
        case "path" -> concrete = concrete.replace("{" + name + "}", "1");
        case "query" -> {
          if (broken && "query-wrong".equals(violation.in())) {
            query.add(name + "=not-valid-" + URLEncoder.encode("[]", StandardCharsets.UTF_8));
          } else if (!broken && parameter.getBoolean("required", false)) {
            query.add(name + "=" + sampleValue(parameter.getJsonObject("schema")));
          }
        }
        default -> {
        }
      }
    }
    String uri = mounted.slice().mountPath() + concrete + (query.isEmpty() ? "" : "?" + String.join("&", query));
    HttpRequest<Buffer> request = gateway.request(HttpMethod.valueOf(method.toUpperCase()), uri)
      .putHeader("Authorization", "Bearer " + adminToken)
      .putHeader("X-Auth-Token", adminToken);
    for (JsonObject parameter : parameters) {
      boolean broken = violation != null && parameter.getString("name").equals(violation.field());
      if ("header".equals(parameter.getString("in")) && parameter.getBoolean("required", false) && !broken) {
        request.putHeader(parameter.getString("name"), "1");
      }
    }
    return request;
  }

  private static String sampleValue(JsonObject schema) {
    if (schema != null && ("integer".equals(schema.getString("type")) || "number".equals(schema.getString("type")))) {
      return "1";
    }
    if (schema != null && schema.getJsonArray("enum") != null) {
      return URLEncoder.encode(String.valueOf(schema.getJsonArray("enum").getValue(0)), StandardCharsets.UTF_8);
    }
    return "sample1";
  }

  private static List<JsonObject> parameters(JsonObject root, JsonObject pathItem, JsonObject operation) {
    List<JsonObject> all = new ArrayList<>();
    for (JsonArray list : new JsonArray[] {pathItem.getJsonArray("parameters"), operation.getJsonArray("parameters")}) {
      if (list != null) {
        list.forEach(p -> all.add(resolve(root, (JsonObject) p)));
      }
    }
    return all;
  }

  private static JsonObject resolve(JsonObject root, JsonObject node) {
    JsonObject current = node;
    while (current != null && current.containsKey("$ref")) {
      String ref = current.getString("$ref");
      JsonObject target = root;
      for (String segment : ref.substring(2).split("/")) {
        target = target.getJsonObject(segment.replace("~1", "/").replace("~0", "~"));
      }
      current = target;
    }
    return current;
  }
}
