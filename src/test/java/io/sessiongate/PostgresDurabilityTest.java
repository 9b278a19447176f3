package io.sessiongate;

import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With the PostgreSQL store, what clients were told survives a restart of the gateway. */
class PostgresDurabilityTest {
  @Test
  void usersTokensAndRevocationsSurviveARestart() {
    Map<String, String> settings = Map.of("store", "postgres",
      "pg.uri", PostgresServer.shared().newDatabase("durability"));
    TestGateway first = TestGateway.onPostgres("durability", settings);
    String admin = first.adminToken();
    HttpResponse<Buffer> created = first.send(first.request(HttpMethod.POST, "/admin/users").bearerTokenAuthentication(admin),
      new JsonObject().put("login", "keeper").put("password", "keeper-password").put("tenant", "t1"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String loggedOut = first.token("keeper", "keeper-password");
    assertEquals(204, first.send(first.request(HttpMethod.DELETE, "/auth/token").bearerTokenAuthentication(loggedOut))
      .statusCode());
    first.stopKeepingData();

    try (TestGateway second = TestGateway.restart(settings, first.dataDir())) {
      HttpResponse<Buffer> user = second.send(second.request(HttpMethod.GET, "/admin/users/keeper")
        .bearerTokenAuthentication(admin));
      assertEquals(200, user.statusCode(), "the admin token issued before the restart still works: " + user.bodyAsString());
      assertEquals("t1", user.bodyAsJsonObject().getString("tenant"));
      assertEquals(401, second.send(second.request(HttpMethod.GET, "/admin/users")
        .bearerTokenAuthentication(loggedOut)).statusCode(), "a logout before the restart still holds");
      second.token("keeper", "keeper-password");
    }
  }
}
