package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The minimal Keystone v3: a password login gives a token Murano accepts and a catalog that points at it. */
class KeystoneApiTest {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.inMemory(Map.of());
    MuranoClient.user(gateway, "kim", "t7", false);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static HttpResponse<Buffer> login(String name, String password, JsonObject scope) {
    JsonObject auth = new JsonObject().put("identity", new JsonObject()
      .put("methods", new JsonArray().add("password"))
      .put("password", new JsonObject().put("user", new JsonObject().put("name", name)
        .put("domain", new JsonObject().put("id", "default")).put("password", password))));
    if (scope != null) {
      auth.put("scope", scope);
    }
    return gateway.send(gateway.request(HttpMethod.POST, "/identity/v3/auth/tokens"), new JsonObject().put("auth", auth));
  }

  @Test
  void aPasswordLoginGivesATokenMuranoAcceptsAndACatalogPointingAtIt() {
    HttpResponse<Buffer> response = login("kim", "password-of-kim",
      new JsonObject().put("project", new JsonObject().put("name", "t7").put("domain", new JsonObject().put("id", "default"))));
    assertEquals(201, response.statusCode(), response.bodyAsString());
    String token = response.getHeader("X-Subject-Token");
    assertNotNull(token);
    JsonObject body = response.bodyAsJsonObject().getJsonObject("token");
    assertEquals("t7", body.getJsonObject("project").getString("id"));
    JsonObject service = body.getJsonArray("catalog").getJsonObject(0);
    assertEquals("application-catalog", service.getString("type"));
    String url = service.getJsonArray("endpoints").getJsonObject(0).getString("url");
    assertEquals("https://127.0.0.1:" + gateway.port() + "/murano", url);

    MuranoClient client = new MuranoClient(gateway, token);
    assertEquals("t7", client.createEnvironment("from-keystone").getString("tenant_id"));
  }

  @Test
  void wrongCredentialsOrAnotherProjectAre401InKeystonesFormat() {
    HttpResponse<Buffer> wrong = login("kim", "not-the-password", null);
    assertEquals(401, wrong.statusCode());
    assertEquals(new JsonObject().put("code", 401).put("title", "Unauthorized")
      .put("message", "The request you have made requires authentication."), wrong.bodyAsJsonObject().getJsonObject("error"));
    assertTrue(wrong.getHeader("WWW-Authenticate").startsWith("Keystone uri="));
    HttpResponse<Buffer> elsewhere = login("kim", "password-of-kim",
      new JsonObject().put("project", new JsonObject().put("id", "t8")));
    assertEquals(401, elsewhere.statusCode());
    assertEquals("User kim has no access to project t8.",
      elsewhere.bodyAsJsonObject().getJsonObject("error").getString("message"));
  }

  @Test
  void versionDiscoveryDescribesV3() {
    HttpResponse<Buffer> version = gateway.send(gateway.request(HttpMethod.GET, "/identity/v3"));
    assertEquals(200, version.statusCode());
    assertEquals("stable", version.bodyAsJsonObject().getJsonObject("version").getString("status"));
  }
}
