package io.sessiongate.core.docs;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contracts as served (YAML and JSON, with servers and token schemes) and the docs page's assets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsTest {
  private static final Map<String, String> MOUNTS = Map.of("admin", "/", "symphony", "/platform/rest/symrest/v1",
    "sessions", "/api", "murano", "/murano", "keystone", "/identity", "redfish", "/");
  private TestGateway gateway;

  @BeforeAll
  void start() {
    gateway = TestGateway.inMemory(Map.of());
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void everyContractIsServedAsYamlAndJsonWithTheGatewaysServerAndTokenSchemes() {
    Vertx vertx = Vertx.vertx();
    try {
      for (Map.Entry<String, String> api : MOUNTS.entrySet()) {
        HttpResponse<Buffer> yaml = get("/openapi/" + api.getKey() + ".yaml");
        assertEquals(200, yaml.statusCode(), api.getKey());
        assertTrue(yaml.getHeader("Content-Type").startsWith("application/yaml"));
        Map<String, Object> fromYaml = new Yaml().load(yaml.bodyAsString());
        HttpResponse<Buffer> json = get("/openapi/" + api.getKey() + ".json");
        assertEquals(200, json.statusCode(), api.getKey());
        JsonObject document = json.bodyAsJsonObject();
        assertEquals(document, new JsonObject(io.vertx.core.json.Json.encode(fromYaml)), "YAML and JSON say the same");
        assertEquals(api.getValue(), document.getJsonArray("servers").getJsonObject(0).getString("url"), api.getKey());
        JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
        assertEquals("bearer", schemes.getJsonObject("gatewayToken").getString("scheme"));
        assertEquals("X-Auth-Token", schemes.getJsonObject("authToken").getString("name"));
        // The additions keep it a contract Vert.x accepts; without the servers entry, because Vert.x's parser
        // takes only absolute server URLs while OpenAPI allows relative ones (resolved against the document's URL).
        JsonObject withoutServers = document.copy();
        withoutServers.remove("servers");
        await(OpenAPIContract.from(vertx, withoutServers));
      }
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void theDocsPageAndItsAssetsComeFromTheGatewayWithoutCredentials() {
    HttpResponse<Buffer> page = get("/docs");
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("/docs/assets/swagger-ui-bundle.js"), page.bodyAsString());
    HttpResponse<Buffer> initializer = get("/docs/swagger-initializer.js");
    for (String api : MOUNTS.keySet()) {
      assertTrue(initializer.bodyAsString().contains("/openapi/" + api + ".json"), api);
    }
    for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")) {
      HttpResponse<Buffer> served = get("/docs/assets/" + asset);
      assertEquals(200, served.statusCode(), asset);
      assertTrue(served.getHeader("Content-Type").startsWith(asset.endsWith(".css") ? "text/css" : "text/javascript"),
        asset + ": " + served.getHeader("Content-Type"));
      assertTrue(served.body().length() > 10_000, asset);
    }
  }

  @Test
  void unknownContractsAndAssetsAreProblemDetails404s() {
    for (String path : List.of("/openapi/nope.json", "/openapi/redfish.txt", "/openapi/redfish", "/docs/assets/nope.js")) {
      HttpResponse<Buffer> response = get(path);
      assertEquals(404, response.statusCode(), path);
      assertEquals("application/problem+json", response.getHeader("Content-Type"), path);
    }
  }

  @Test
  void docsEnabledFalseServesNeither() {
    try (TestGateway off = TestGateway.inMemory(Map.of("docs.enabled", "false"))) {
      for (String path : List.of("/docs", "/openapi/redfish.yaml", "/docs/assets/swagger-ui.css")) {
        assertEquals(404, off.send(off.request(HttpMethod.GET, path)).statusCode(), path);
      }
    }
  }

  private HttpResponse<Buffer> get(String path) {
    return gateway.send(gateway.request(HttpMethod.GET, path));
  }
}
