package io.sessiongate.sessions;

import io.sessiongate.testing.AdjustableClock;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sessions controller over real HTTPS against a whole gateway, as a Storware client uses it: logins set
 * a session cookie, later calls carry it (or the same token as a bearer token). Run on both stores.
 */
abstract class SessionsControllerApiContract extends GatewayPerTestClass {
  /**
   * Few failures lock a login; its minute of lockout ends when a test advances the clock (a minute cannot pass
   * by accident while the test runs). 127.0.0.1 (the tests) is a trusted proxy.
   */
  static final Map<String, String> SETTINGS = Map.of(
    "sessions-controller.max-failed-logins", "3",
    "sessions-controller.lockout-seconds", "60",
    "sessions-controller.max-lockout-seconds", "60",
    "sessions-controller.min-node-version", "5.1",
    "sessions-controller.trusted-proxies", "127.0.0.1");

  /** The gateway's clock (every node's, on PostgreSQL): the lockout's end comes when a test advances it. */
  final AdjustableClock clock = new AdjustableClock();

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private String adminToken;


  @BeforeEach
  void admin() {
    adminToken = gateway().adminToken();
  }

  // --- login ----------------------------------------------------------------------------------

  @Test
  void aLoginAnswers201WithTheSessionInfoAndAStrictHttpOnlySessionCookie() {
    String login = account("USER", true, new JsonObject()
      .put("firstName", "Ada").put("language", "PL").put("uiTimeZone", "Europe/Warsaw").put("uiConsoleMode", "TASK")
      .put("infoTourEnabled", false).put("appUserSettings", new JsonObject().put("pageSize", 50).put("timeFormat", 12)),
      new JsonArray().add("VE_BACKUP_SLA_WRITE").add("NODE_WRITE"));
    HttpResponse<Buffer> response = login(login, password(login));
    assertEquals(201, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));

    JsonObject info = response.bodyAsJsonObject();
    JsonObject user = adminGet("/admin/users/" + login);
    assertEquals(new JsonObject().put("guid", user.getString("guid")).put("name", login), info.getJsonObject("requester"));
    assertEquals(new JsonArray().add("NODE_WRITE").add("VE_BACKUP_SLA_WRITE"), info.getJsonArray("privileges"));
    assertEquals("PL", info.getString("language"));
    assertEquals("Europe/Warsaw", info.getString("uiTimeZone"));
    assertEquals("TASK", info.getString("uiConsoleMode"));
    assertFalse(info.getBoolean("infoTourEnabled"));
    assertEquals(new JsonObject().put("pageSize", 50).put("timeFormat", 12), info.getJsonObject("appUserSettings"));
    assertNull(info.getValue("lastSuccessfulLogin"), "no login before the first");
    assertNull(info.getValue("lastFailedLogin"));
    assertNull(info.getValue("lastFailedLoginIp"));
    JsonObject tokens = info.getJsonObject("endpointsTokens");
    assertNotNull(tokens.getString("endpointsServerManagerToken"));
    assertNotNull(tokens.getString("endpointsOrganizationAdminToken"));
    assertNotEquals(tokens.getString("endpointsServerManagerToken"), tokens.getString("endpointsOrganizationAdminToken"));
    assertNull(tokens.getValue("endpointsServerManagerWarning"));

    String setCookie = response.getHeader("Set-Cookie");
    assertTrue(setCookie.startsWith("JSESSIONID="), setCookie);
    for (String attribute : new String[] {"httponly", "secure", "samesite=strict", "path=/api"}) {
      // Cookie attribute names are case-insensitive (RFC 6265); Netty writes "HTTPOnly".
      assertTrue(setCookie.toLowerCase().contains("; " + attribute), "cookie has " + attribute + ": " + setCookie);
    }
    assertEquals(cookieValue(response), response.getHeader("X-Auth-Token"), "the same token, for bearer clients");
  }

  /** The status check has a route of its own ahead of the rest; the gateway's request handling is the same. */
  @Test
  void theSessionStatusGoesThroughTheGatewaysRequestHandlingLikeAnyOtherCall() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String token = cookieValue(login(login, password(login)));
    HttpResponse<Buffer> ok = gateway().send(get("/api/session").bearerTokenAuthentication(token)
      .putHeader("X-Request-Id", "status-check-1"));
    assertEquals(204, ok.statusCode());
    assertEquals("status-check-1", ok.getHeader("X-Request-Id"));
    assertNotNull(gateway().send(get("/api/session").bearerTokenAuthentication(token)).getHeader("X-Request-Id"));

    assertEquals(431, gateway().send(get("/api/session").bearerTokenAuthentication(token)
      .putHeader("X-Padding", "p".repeat(9000))).statusCode());
    assertEquals(413, gateway().sendRaw(get("/api/session").bearerTokenAuthentication(token), "application/json",
      "\"" + "a".repeat(2 * 1024 * 1024) + "\"").statusCode());
    assertEquals(204, gateway().sendRaw(get("/api/session").bearerTokenAuthentication(token), "application/json",
      "{}").statusCode(), "a small body is read and ignored, as before");
    HttpResponse<Buffer> wrongMethod = gateway().send(gateway().request(HttpMethod.PUT, "/api/session")
      .bearerTokenAuthentication(token));
    error(wrongMethod, 405);
    assertEquals("GET", wrongMethod.getHeader("Allow"));
  }

  @Test
  void theSessionIsValidByCookieBearerOrXAuthTokenAndOtherwise401() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String token = cookieValue(login(login, password(login)));
    assertEquals(204, gateway().send(withCookie(get("/api/session"), token)).statusCode());
    assertEquals(204, gateway().send(get("/api/session").bearerTokenAuthentication(token)).statusCode());
    assertEquals(204, gateway().send(get("/api/session").putHeader("X-Auth-Token", token)).statusCode());

    JsonObject anonymous = error(gateway().send(get("/api/session")), 401);
    assertEquals("/api/session", anonymous.getString("path"));
    assertTrue(anonymous.getString("message").contains("POST /session/login"), anonymous.getString("message"));
    error(gateway().send(withCookie(get("/api/session"), "not-a-session")), 401);
    error(gateway().send(get("/api/session").basicAuthentication(login, password(login))), 401);
  }

  @Test
  void aWrongPasswordAndAnUnknownLoginGetTheSame401() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    JsonObject wrongPassword = error(login(login, "not-the-password"), 401);
    JsonObject unknown = error(login("nobody-" + login, "not-the-password"), 401);
    assertEquals(wrongPassword.getString("message"), unknown.getString("message"));
    assertEquals("Invalid login or password.", unknown.getString("message"));
  }

  @Test
  void aKnownSessionsInfoIsAnsweredFromMemoryAndFollowsAChange() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String session = cookieValue(login(login, password(login)));
    JsonObject info = gateway().send(withCookie(get("/api/session/user"), session)).bodyAsJsonObject();
    JsonObject details = gateway().send(withCookie(get("/api/session/user/details"), session)).bodyAsJsonObject();
    io.vertx.core.eventbus.EventBus bus = gateway().gateway().vertx().eventBus();
    AtomicInteger asked = new AtomicInteger();
    io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> counting = delivery -> {
      String address = delivery.message().address();
      if (address.equals(SessionsControllerVerticle.SESSION_INFO) || address.equals(SessionsControllerVerticle.USER_DETAILS)) {
        asked.incrementAndGet();
      }
      delivery.next();
    };
    bus.addOutboundInterceptor(counting);
    try {
      for (int i = 0; i < 10; i++) {
        assertEquals(info, gateway().send(withCookie(get("/api/session/user"), session)).bodyAsJsonObject(), "read " + i);
        assertEquals(details, gateway().send(withCookie(get("/api/session/user/details"), session)).bodyAsJsonObject());
      }
      assertEquals(0, asked.get(), "what was read once is answered from memory, without asking the session verticle");

      error(login(login, "not-the-password"), 401);
      io.sessiongate.testing.Await.until("the failed login shown in the session info", Duration.ofSeconds(10),
        () -> gateway().send(withCookie(get("/api/session/user"), session)).bodyAsJsonObject()
          .getValue("lastFailedLogin") != null);
      assertTrue(asked.get() > 0, "the change emptied the cache: the verticle read the store again");
    } finally {
      bus.removeOutboundInterceptor(counting);
    }
    assertNotNull(gateway().send(withCookie(get("/api/session/user/details"), session)).bodyAsJsonObject()
      .getValue("lastFailedLogin"));
  }

  @Test
  void failedLoginsAreRecordedWithTheClientAddressAForwardingProxyGives() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    long before = clock.millis();
    HttpResponse<Buffer> failed = gateway().send(post("/api/session/login")
        .putHeader("X-Forwarded-For", "198.51.100.1, 203.0.113.9"),
      new JsonObject().put("login", login).put("password", "not-the-password"));
    error(failed, 401);

    JsonObject first = login(login, password(login)).bodyAsJsonObject();
    assertEquals("203.0.113.9", first.getString("lastFailedLoginIp"), "the rightmost hop before the trusted proxy");
    long failedAt = first.getLong("lastFailedLogin");
    assertTrue(failedAt >= before && failedAt <= clock.millis(), "epoch milliseconds of the failure");

    HttpResponse<Buffer> second = login(login, password(login));
    JsonObject details = gateway().send(withCookie(get("/api/session/user/details"), cookieValue(second))).bodyAsJsonObject();
    long firstLogin = second.bodyAsJsonObject().getLong("lastSuccessfulLogin");
    assertTrue(firstLogin >= failedAt, "the session info shows the login before this one");
    assertTrue(details.getLong("lastSuccessfulLogin") >= firstLogin, "the details show the latest login");
    assertEquals(failedAt, details.getLong("lastFailedLogin"));
    assertEquals("203.0.113.9", details.getString("lastFailedLoginIp"));
  }

  @Test
  void anInactiveAccountIs403WithTheRightPasswordAnd401WithAWrongOne() {
    String login = account("USER", false, new JsonObject(), new JsonArray());
    JsonObject refused = error(login(login, password(login)), 403);
    assertTrue(refused.getString("message").contains("deactivated"), refused.getString("message"));
    error(login(login, "not-the-password"), 401);
  }

  @Test
  void aBodyThatBreaksTheContractIs400NamingTheField() {
    JsonObject missing = error(gateway().send(post("/api/session/login"), new JsonObject().put("login", "x")), 400);
    assertTrue(missing.getString("message").contains("/password"), missing.getString("message"));
    error(gateway().sendRaw(post("/api/session/login"), "application/json", "{\"login\": "), 400);
    JsonObject unknownField = error(gateway().send(post("/api/session/node/login"),
      new JsonObject().put("login", "x").put("password", "y")), 400);
    assertTrue(unknownField.getString("message").contains("/version"), unknownField.getString("message"));
  }

  // --- brute force ---------------------------------------------------------------------------

  @Test
  void repeatedFailuresLockTheLoginEvenForTheRightPasswordUntilTheBackOffEnds() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    for (int i = 0; i < 3; i++) {
      error(login(login, "wrong-" + i), 401);
    }
    JsonObject locked = error(login(login, password(login)), 401);
    assertEquals("Invalid login or password.", locked.getString("message"), "a lockout looks like a wrong password");

    String unknown = "ghost-" + login;
    for (int i = 0; i < 4; i++) {
      assertEquals(locked.getString("message"), error(login(unknown, "wrong-" + i), 401).getString("message"),
        "an unknown login is answered the same, locked or not");
    }

    clock.advance(Duration.ofSeconds(61));
    HttpResponse<Buffer> afterBackOff = login(login, password(login));
    assertEquals(201, afterBackOff.statusCode(), afterBackOff.bodyAsString());
    assertNotNull(afterBackOff.bodyAsJsonObject().getValue("lastFailedLogin"), "the refused attempts were recorded");
  }

  // --- login with a token --------------------------------------------------------------------

  @Test
  void aGatewayApiTokenOpensASessionUntilItIsRevoked() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String apiToken = gateway().token(login, password(login));
    HttpResponse<Buffer> opened = loginWithToken(apiToken);
    assertEquals(201, opened.statusCode(), opened.bodyAsString());
    assertEquals(login, opened.bodyAsJsonObject().getJsonObject("requester").getString("name"));
    String session = cookieValue(opened);
    assertNotEquals(apiToken, session, "a new session of its own");
    assertEquals(204, gateway().send(withCookie(get("/api/session"), session)).statusCode());

    assertEquals(204, gateway().send(gateway().request(HttpMethod.DELETE, "/auth/token")
      .bearerTokenAuthentication(apiToken)).statusCode());
    assertEquals(BAD_TOKEN, error(loginWithToken(apiToken), 401).getString("message"));
    assertEquals(BAD_TOKEN, error(loginWithToken("made-up-token"), 401).getString("message"));
    assertEquals(BAD_TOKEN, error(loginWithToken(apiToken.substring(0, apiToken.length() - 3) + "abc"), 401)
      .getString("message"));
  }

  @Test
  void anEndpointsTokenLogsInUntilItIsRefreshedOrItsSessionEnds() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    HttpResponse<Buffer> first = login(login, password(login));
    String session = cookieValue(first);
    JsonObject oldTokens = first.bodyAsJsonObject().getJsonObject("endpointsTokens");
    String oldManager = oldTokens.getString("endpointsServerManagerToken");
    assertEquals(201, loginWithToken(oldManager).statusCode());
    assertEquals(201, loginWithToken(oldTokens.getString("endpointsOrganizationAdminToken")).statusCode());

    HttpResponse<Buffer> refreshed = gateway().send(withCookie(post("/api/session/refresh-endpoints-tokens"), session));
    assertEquals(201, refreshed.statusCode(), refreshed.bodyAsString());
    JsonObject newTokens = refreshed.bodyAsJsonObject().getJsonObject("endpointsTokens");
    String newManager = newTokens.getString("endpointsServerManagerToken");
    assertNotEquals(oldManager, newManager);
    error(loginWithToken(oldManager), 401);
    error(loginWithToken(oldTokens.getString("endpointsOrganizationAdminToken")), 401);
    assertEquals(newTokens, gateway().send(withCookie(get("/api/session/user"), session)).bodyAsJsonObject()
      .getJsonObject("endpointsTokens"), "the session info shows the new tokens");
    assertEquals(201, loginWithToken(newManager).statusCode());

    assertEquals(201, gateway().send(withCookie(post("/api/session/logout"), session)).statusCode());
    error(loginWithToken(newManager), 401);
  }

  // --- node login ------------------------------------------------------------------------------

  @Test
  void aNodeLogsInWithACompatibleVersionWhichIsRecorded() {
    String node = account("NODE", true, new JsonObject(), new JsonArray().add("NODE_WRITE"));
    HttpResponse<Buffer> opened = nodeLogin(node, password(node), "5.1.0-23");
    assertEquals(201, opened.statusCode(), opened.bodyAsString());
    assertEquals(new JsonArray().add("NODE_WRITE"), opened.bodyAsJsonObject().getJsonArray("privileges"));
    JsonObject details = gateway().send(withCookie(get("/api/session/user/details"), cookieValue(opened))).bodyAsJsonObject();
    assertEquals("5.1.0-23", details.getString("nodeVersion"));
    assertEquals(201, nodeLogin(node, password(node), "6.0").statusCode());
  }

  @Test
  void nodeLoginRefusesOldVersionsOtherKindsAndWrongPasswords() {
    String node = account("NODE", true, new JsonObject(), new JsonArray());
    JsonObject old = error(nodeLogin(node, password(node), "5.0.9"), 403);
    assertTrue(old.getString("message").contains("'5.0.9'") && old.getString("message").contains("5.1"),
      old.getString("message"));
    error(nodeLogin(node, password(node), "nightly"), 403);
    error(nodeLogin(node, "not-the-password", "5.1.0"), 401);

    String user = account("USER", true, new JsonObject(), new JsonArray());
    JsonObject notNode = error(nodeLogin(user, password(user), "5.1.0"), 403);
    assertTrue(notNode.getString("message").contains("NODE"), notNode.getString("message"));
    JsonObject nodeAsUser = error(login(node, password(node)), 403);
    assertTrue(nodeAsUser.getString("message").contains("/session/node/login"), nodeAsUser.getString("message"));
  }

  // --- logout, current user --------------------------------------------------------------------

  @Test
  void aLogoutEndsTheSessionAtOnceForCookieAndBearerAlike() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String session = cookieValue(login(login, password(login)));
    HttpResponse<Buffer> logout = gateway().send(post("/api/session/logout").bearerTokenAuthentication(session));
    assertEquals(201, logout.statusCode(), logout.bodyAsString());
    assertTrue(logout.getHeader("Set-Cookie").contains("Max-Age=0"), "the cookie is cleared: " + logout.getHeader("Set-Cookie"));

    error(gateway().send(withCookie(get("/api/session"), session)), 401);
    error(gateway().send(get("/api/session/user").bearerTokenAuthentication(session)), 401);
    error(gateway().send(withCookie(post("/api/session/logout"), session)), 401);
    error(gateway().send(post("/api/session/logout")), 401);
  }

  @Test
  void theCurrentUserIsTheSessionInfoAnd401WithoutASession() {
    String login = account("USER", true, new JsonObject().put("language", "DE"), new JsonArray().add("NODE_READ"));
    HttpResponse<Buffer> opened = login(login, password(login));
    HttpResponse<Buffer> current = gateway().send(withCookie(get("/api/session/user"), cookieValue(opened)));
    assertEquals(200, current.statusCode(), current.bodyAsString());
    assertEquals(opened.bodyAsJsonObject(), current.bodyAsJsonObject());
    error(gateway().send(get("/api/session/user")), 401);
    error(gateway().send(get("/api/session/user/details")), 401);
    error(gateway().send(post("/api/session/refresh-endpoints-tokens")), 401);
  }

  @Test
  void aGatewayTokenFromAuthTokenIsASessionWithoutEndpointsTokensUntilItRefreshesThem() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    String apiToken = gateway().token(login, password(login));
    JsonObject info = gateway().send(get("/api/session/user").bearerTokenAuthentication(apiToken)).bodyAsJsonObject();
    JsonObject tokens = info.getJsonObject("endpointsTokens");
    assertNull(tokens.getValue("endpointsServerManagerToken"));
    assertTrue(tokens.getString("endpointsServerManagerWarning").contains("refresh-endpoints-tokens"));

    HttpResponse<Buffer> refreshed = gateway().send(post("/api/session/refresh-endpoints-tokens")
      .bearerTokenAuthentication(apiToken));
    assertEquals(201, refreshed.statusCode(), refreshed.bodyAsString());
    String manager = refreshed.bodyAsJsonObject().getJsonObject("endpointsTokens").getString("endpointsServerManagerToken");
    assertEquals(201, loginWithToken(manager).statusCode());
  }

  @Test
  void theUserDetailsShowTheAccountAsTheAdminSetItUp() {
    String login = account("USER", true, new JsonObject().put("firstName", "Grace").put("lastName", "Hopper")
      .put("groups", new JsonArray().add("operators").add("auditors")).put("source", "LDAP")
      .put("externalId", "cn=grace").put("thirdPartyRestriction", "READ_ONLY"), new JsonArray());
    HttpResponse<Buffer> opened = login(login, password(login));
    HttpResponse<Buffer> response = gateway().send(get("/api/session/user/details").bearerTokenAuthentication(cookieValue(opened)));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject details = response.bodyAsJsonObject();
    JsonObject user = adminGet("/admin/users/" + login);
    assertEquals(login, details.getString("login"));
    assertEquals(user.getString("guid"), details.getString("guid"));
    assertEquals("Grace", details.getString("firstName"));
    assertEquals("Hopper", details.getString("lastName"));
    assertEquals("LDAP", details.getString("source"));
    assertTrue(details.getBoolean("active"));
    assertEquals("cn=grace", details.getString("externalId"));
    assertEquals("READ_ONLY", details.getString("thirdPartyRestriction"));
    assertEquals("EN", details.getString("language"));
    assertEquals("UTC", details.getString("uiTimeZone"));
    assertEquals("sessions-tests", details.getJsonObject("endpointsOrganization").getString("name"));
    JsonArray groups = details.getJsonArray("groups");
    assertEquals("auditors", groups.getJsonObject(0).getString("name"));
    assertEquals("operators", groups.getJsonObject(1).getString("name"));
    assertEquals(36, groups.getJsonObject(0).getString("guid").length());
    assertNotNull(details.getLong("lastSuccessfulLogin"));
    assertNull(details.getValue("nodeVersion"));
  }

  @Test
  void anAdminChangeToTheAccountEndsItsSessions() {
    String login = account("USER", true, new JsonObject(), new JsonArray());
    HttpResponse<Buffer> opened = login(login, password(login));
    String session = cookieValue(opened);
    String endpointsToken = opened.bodyAsJsonObject().getJsonObject("endpointsTokens")
      .getString("endpointsOrganizationAdminToken");
    HttpResponse<Buffer> patched = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/users/" + login)
      .bearerTokenAuthentication(adminToken), new JsonObject().put("privileges", new JsonArray().add("NODE_READ")));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    error(gateway().send(withCookie(get("/api/session"), session)), 401);
    error(loginWithToken(endpointsToken), 401);
  }

  // --- helpers -------------------------------------------------------------------------------

  static final String BAD_TOKEN = SessionsControllerVerticle.BAD_TOKEN;

  /** A new account of {@code kind} in tenant "sessions-tests"; its password is {@link #password}. */
  String account(String kind, boolean active, JsonObject profile, JsonArray privileges) {
    String login = kind.toLowerCase() + "-" + ACCOUNTS.incrementAndGet();
    HttpResponse<Buffer> created = gateway().send(gateway().request(HttpMethod.POST, "/admin/users")
      .bearerTokenAuthentication(adminToken), new JsonObject().put("login", login).put("password", password(login))
      .put("tenant", "sessions-tests").put("kind", kind).put("active", active).put("profile", profile)
      .put("privileges", privileges));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return login;
  }

  static String password(String login) {
    return "password-of-" + login;
  }

  private JsonObject adminGet(String uri) {
    return gateway().send(get(uri).bearerTokenAuthentication(adminToken)).bodyAsJsonObject();
  }

  HttpRequest<Buffer> get(String uri) {
    return gateway().request(HttpMethod.GET, uri);
  }

  HttpRequest<Buffer> post(String uri) {
    return gateway().request(HttpMethod.POST, uri);
  }

  static HttpRequest<Buffer> withCookie(HttpRequest<Buffer> request, String session) {
    return request.putHeader("Cookie", "JSESSIONID=" + session);
  }

  HttpResponse<Buffer> login(String login, String password) {
    return gateway().send(post("/api/session/login"), new JsonObject().put("login", login).put("password", password));
  }

  HttpResponse<Buffer> nodeLogin(String login, String password, String version) {
    return gateway().send(post("/api/session/node/login"),
      new JsonObject().put("login", login).put("password", password).put("version", version));
  }

  HttpResponse<Buffer> loginWithToken(String token) {
    return gateway().send(post("/api/session/login-with-token"), new JsonObject().put("token", token));
  }

  static String cookieValue(HttpResponse<Buffer> response) {
    assertEquals(201, response.statusCode(), response.bodyAsString());
    String setCookie = response.getHeader("Set-Cookie");
    return setCookie.substring("JSESSIONID=".length(), setCookie.indexOf(';'));
  }

  /** The body of an error response in this API's format (status, error, message, path). */
  static JsonObject error(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(status, body.getInteger("status"));
    assertNotNull(body.getString("error"));
    assertNotNull(body.getString("message"));
    assertNotNull(body.getString("path"));
    return body;
  }
}
