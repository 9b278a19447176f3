package io.sessiongate.sessions;

import io.sessiongate.testing.Await;
import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The contract on PostgreSQL, plus what only a shared store can show: two gateway nodes on one database
 * (same JWT key, as a cluster) agree on sessions, logouts, endpoints tokens and lockouts.
 */
class PostgresSessionsControllerApiTest extends SessionsControllerApiContract {
  private static final String CLUSTER_SECRET = "c2Vzc2lvbnMtY29udHJvbGxlci1jbHVzdGVyLWtleS1mb3ItdGVzdHM=";
  private TestGateway nodeB;

  @Override
  protected TestGateway startGateway() {
    Map<String, String> settings = new HashMap<>(SETTINGS);
    settings.put("pg.uri", PostgresServer.shared().newDatabase("sessions_controller"));
    settings.put("auth.jwt-secret", CLUSTER_SECRET);
    nodeB = TestGateway.onPostgres("sessions_controller", settings, clock);
    return TestGateway.onPostgres("sessions_controller", settings, clock);
  }

  @AfterAll
  void stopNodeB() {
    nodeB.close();
  }

  @Test
  void aLogoutOnOneNodeEndsTheSessionOnTheOtherAtOnce() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String session = cookieValue(login(login, password(login)));
    assertEquals(204, status(nodeB, withCookie(nodeB.request(HttpMethod.GET, "/api/session"), session)));
    assertEquals(200, status(nodeB, withCookie(nodeB.request(HttpMethod.GET, "/api/session/user"), session)));

    assertEquals(201, status(nodeB, withCookie(nodeB.request(HttpMethod.POST, "/api/session/logout"), session)));
    awaitStatus(401, () -> status(gateway(), withCookie(gateway().request(HttpMethod.GET, "/api/session"), session)));
  }

  @Test
  void endpointsTokensRefreshedOnOneNodeStopWorkingOnTheOther() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    HttpResponse<Buffer> opened = login(login, password(login));
    String oldToken = opened.bodyAsJsonObject().getJsonObject("endpointsTokens").getString("endpointsServerManagerToken");
    assertEquals(201, status(nodeB, withCookie(nodeB.request(HttpMethod.POST, "/api/session/refresh-endpoints-tokens"),
      cookieValue(opened))));
    assertEquals(401, nodeB.send(nodeB.request(HttpMethod.POST, "/api/session/login-with-token"),
      new JsonObject().put("token", oldToken)).statusCode());
    assertEquals(401, loginWithToken(oldToken).statusCode());
  }

  @Test
  void failuresOnDifferentNodesAddUpToOneLockout() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    JsonObject wrong = new JsonObject().put("login", login).put("password", "not-the-password");
    assertEquals(401, gateway().send(gateway().request(HttpMethod.POST, "/api/session/login"), wrong).statusCode());
    assertEquals(401, nodeB.send(nodeB.request(HttpMethod.POST, "/api/session/login"), wrong).statusCode());
    assertEquals(401, gateway().send(gateway().request(HttpMethod.POST, "/api/session/login"), wrong).statusCode());
    JsonObject right = new JsonObject().put("login", login).put("password", password(login));
    assertEquals(401, nodeB.send(nodeB.request(HttpMethod.POST, "/api/session/login"), right).statusCode(),
      "locked on node B by failures counted on both");
    assertEquals(401, gateway().send(gateway().request(HttpMethod.POST, "/api/session/login"), right).statusCode());
  }

  // --- the session info is cached per node; every change made on another node reaches it ----------

  @Test
  void aFailedLoginOnOneNodeShowsInTheSessionInfoTheOtherHasCached() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String session = cookieValue(login(login, password(login)));
    assertNull(sessionInfo(nodeB, session).getValue("lastFailedLogin"));
    assertNull(sessionInfo(nodeB, session).getValue("lastFailedLogin"), "answered from node B's cache");

    JsonObject wrong = new JsonObject().put("login", login).put("password", "not-the-password");
    assertEquals(401, gateway().send(gateway().request(HttpMethod.POST, "/api/session/login"), wrong).statusCode());
    Await.until("node B showing the failure recorded on node A", Duration.ofSeconds(2),
      () -> sessionInfo(nodeB, session).getValue("lastFailedLogin") != null);
    assertEquals("127.0.0.1", sessionInfo(nodeB, session).getString("lastFailedLoginIp"));
  }

  @Test
  void aProfileChangedOnOneNodeIsShownByTheOtherAtTheNextLogin() {
    String login = account("USER", true, new JsonObject().put("language", "PL"), new JsonArray());
    String session = cookieValue(login(login, password(login)));
    assertEquals("PL", sessionInfo(nodeB, session).getString("language"));

    HttpResponse<Buffer> patched = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/users/" + login)
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject().put("profile", new JsonObject().put("language", "DE")));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    awaitStatus(401, () -> status(nodeB, withCookie(nodeB.request(HttpMethod.GET, "/api/session/user"), session)));

    String again = cookieValue(nodeB.send(nodeB.request(HttpMethod.POST, "/api/session/login"),
      new JsonObject().put("login", login).put("password", password(login))));
    assertEquals("DE", sessionInfo(nodeB, again).getString("language"));
  }

  @Test
  void anAccountDeactivatedOnOneNodeIsRefusedByTheOtherThoughItCachedTheAccount() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String session = cookieValue(login(login, password(login)));
    sessionInfo(nodeB, session);

    HttpResponse<Buffer> patched = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/users/" + login)
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject().put("active", false));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    awaitStatus(401, () -> status(nodeB, withCookie(nodeB.request(HttpMethod.GET, "/api/session/user"), session)));
    assertEquals(401, status(nodeB, withCookie(nodeB.request(HttpMethod.GET, "/api/session/user/details"), session)));
  }

  @Test
  void endpointsTokensRefreshedOnOneNodeAreShownByTheOther() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String session = cookieValue(login(login, password(login)));
    String before = sessionInfo(nodeB, session).getJsonObject("endpointsTokens").getString("endpointsServerManagerToken");

    HttpResponse<Buffer> refreshed = gateway().send(withCookie(gateway().request(HttpMethod.POST,
      "/api/session/refresh-endpoints-tokens"), session));
    assertEquals(201, refreshed.statusCode(), refreshed.bodyAsString());
    String after = refreshed.bodyAsJsonObject().getJsonObject("endpointsTokens").getString("endpointsServerManagerToken");
    assertNotEquals(before, after);
    Await.until("node B showing the endpoints tokens refreshed on node A", Duration.ofSeconds(2),
      () -> after.equals(sessionInfo(nodeB, session).getJsonObject("endpointsTokens")
        .getString("endpointsServerManagerToken")));
  }

  private static JsonObject sessionInfo(TestGateway node, String session) {
    HttpResponse<Buffer> response = node.send(withCookie(node.request(HttpMethod.GET, "/api/session/user"), session));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static int status(TestGateway node, HttpRequest<Buffer> request) {
    return node.send(request).statusCode();
  }

  /** The other node learns of a revocation by PostgreSQL NOTIFY: allow it a moment to arrive. */
  private static void awaitStatus(int expected, IntSupplier status) {
    Await.until("the other node answers " + expected, Duration.ofSeconds(2), () -> status.getAsInt() == expected);
  }
}
