package io.sessiongate.sessions;

import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The proof that a cached {@code GET /api/session/user} reads nothing from the store: with PostgreSQL
 * stopped, the session info this node has read since the last change is still answered (200), while that of a
 * session it has not read is 503 (docs/DECISIONS.md, "What memory keeps answering during an outage").
 */
class SessionInfoDuringOutageTest {
  private static PostgresServer postgres;
  private static TestGateway gateway;

  @BeforeAll
  static void gatewayOnItsOwnPostgres() {
    postgres = PostgresServer.dedicated();
    gateway = TestGateway.onPostgres("session_info_outage", Map.of(
      "pg.uri", postgres.newDatabase("session_info_outage"),
      "pg.acquire-timeout-ms", "1000",
      "pg.statement-timeout-ms", "1000"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aCachedSessionInfoIsAnsweredWithoutTheStoreAndAnUncachedOneIs503() {
    String read = login();
    String unread = login();
    assertEquals(200, sessionInfo(read).statusCode());

    postgres.stopImmediately();
    try {
      HttpResponse<Buffer> cached = sessionInfo(read);
      assertEquals(200, cached.statusCode(), cached.bodyAsString());
      assertEquals("admin", cached.bodyAsJsonObject().getJsonObject("requester").getString("name"));
      HttpResponse<Buffer> uncached = sessionInfo(unread);
      assertEquals(503, uncached.statusCode(), uncached.bodyAsString());
    } finally {
      postgres.startAgain();
    }
  }

  private static String login() {
    HttpResponse<Buffer> opened = gateway.send(gateway.request(HttpMethod.POST, "/api/session/login"),
      new JsonObject().put("login", "admin").put("password", TestGateway.ADMIN_PASSWORD));
    assertEquals(201, opened.statusCode(), opened.bodyAsString());
    return opened.getHeader("X-Auth-Token");
  }

  private static HttpResponse<Buffer> sessionInfo(String token) {
    return gateway.send(gateway.request(HttpMethod.GET, "/api/session/user").bearerTokenAuthentication(token));
  }
}
