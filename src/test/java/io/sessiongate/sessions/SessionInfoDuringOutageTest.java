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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof that a cached {@code GET /api/session/user} reads nothing from the store: with PostgreSQL
 * stopped, the session info this node has read since the last change is still answered (200), while that of a
 * session it has not read is 503 (docs/DECISIONS.md, "What memory keeps answering during an outage").
 */
class SessionInfoDuringOutageTest {
  private static PostgresServer postgres;
  private static TestGateway gateway;
  private static String database;

  @BeforeAll
  static void gatewayOnItsOwnPostgres() {
    postgres = PostgresServer.dedicated();
    String uri = postgres.newDatabase("session_info_outage");
    database = uri.substring(uri.lastIndexOf('/') + 1);
    gateway = TestGateway.onPostgres("session_info_outage", Map.of(
      "pg.uri", uri,
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
  void aCachedSessionInfoIsAnsweredWithoutTheStoreAndAnUncachedOneIs503() throws Exception {
    String read;
    String unread;
    try (java.sql.Connection feed = postgres.connect(database);
         java.sql.Statement listen = feed.createStatement()) {
      listen.execute("LISTEN sessiongate_revocations");
      read = login();
      unread = login();
      // Each login sends a change notice naming its login, which drops what the cache holds of it: the read below
      // is cached only once both notices have reached the listeners (this one hears them when the gateway does).
      org.postgresql.PGConnection notices = feed.unwrap(org.postgresql.PGConnection.class);
      int heard = 0;
      long giveUpAt = System.currentTimeMillis() + 10_000;
      while (heard < 2 && System.currentTimeMillis() < giveUpAt) {
        org.postgresql.PGNotification[] got = notices.getNotifications(500);
        heard += got == null ? 0 : got.length;
      }
      assertTrue(heard >= 2, "the two logins' change notices were not heard");
    }
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
