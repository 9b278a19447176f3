package io.sessiongate.admin;

import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's own API and the HTTP behaviour every API shares (errors, limits, health), driven over
 * real HTTPS against a whole gateway; run on the in-process store and on PostgreSQL.
 */
abstract class GatewayApiContract extends GatewayPerTestClass {

  private HttpResponse<Buffer> get(String uri, String token) {
    var request = gateway().request(HttpMethod.GET, uri);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return gateway().send(request);
  }

  private HttpResponse<Buffer> createUser(String adminToken, JsonObject user) {
    return gateway().send(gateway().request(HttpMethod.POST, "/admin/users").bearerTokenAuthentication(adminToken), user);
  }

  private static JsonObject problem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertNotNull(response.getHeader("X-Request-Id"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(status, body.getInteger("status"));
    return body;
  }

  @Test
  void readinessAnswersWhenTheStoreDoes() {
    HttpResponse<Buffer> ready = get("/health/ready", null);
    assertEquals(200, ready.statusCode());
    assertEquals("UP", ready.bodyAsJsonObject().getString("status"));
    assertEquals(200, get("/health/live", null).statusCode());
  }

  @Test
  void metricsArePrometheusText() {
    get("/health/live", null);
    HttpResponse<Buffer> metrics = get("/metrics", null);
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.bodyAsString().contains("vertx_http_server_requests_total"), "HTTP server metrics are exported");
  }

  @Test
  void aPasswordGrantGivesATokenEveryHeaderStyleAccepts() {
    String token = gateway().adminToken();
    assertEquals(200, get("/admin/users", token).statusCode());
    HttpResponse<Buffer> viaXAuth = gateway().send(gateway().request(HttpMethod.GET, "/admin/users")
      .putHeader("X-Auth-Token", token));
    assertEquals(200, viaXAuth.statusCode());
    HttpResponse<Buffer> viaBasic = gateway().send(gateway().request(HttpMethod.GET, "/admin/users")
      .basicAuthentication("admin", TestGateway.ADMIN_PASSWORD));
    assertEquals(200, viaBasic.statusCode());
  }

  @Test
  void aWrongPasswordIs401WithWwwAuthenticate() {
    HttpResponse<Buffer> response = gateway().send(gateway().request(HttpMethod.POST, "/auth/token"),
      new JsonObject().put("login", "admin").put("password", "not-it"));
    JsonObject body = problem(response, 401);
    assertEquals("The login or password is incorrect.", body.getString("detail"));
    assertNotNull(response.getHeader("WWW-Authenticate"));
    HttpResponse<Buffer> unknownUser = gateway().send(gateway().request(HttpMethod.POST, "/auth/token"),
      new JsonObject().put("login", "nobody").put("password", "not-it"));
    assertEquals(body.getString("detail"), problem(unknownUser, 401).getString("detail"),
      "an unknown login gets the same answer as a wrong password");
  }

  @Test
  void aLoggedOutTokenIsRefusedOnItsNextRequest() {
    String token = gateway().adminToken();
    HttpResponse<Buffer> logout = gateway().send(gateway().request(HttpMethod.DELETE, "/auth/token")
      .bearerTokenAuthentication(token));
    assertEquals(204, logout.statusCode());
    JsonObject refused = problem(get("/admin/users", token), 401);
    assertEquals("The session of this token has ended.", refused.getString("detail"));
  }

  @Test
  void anAdminManagesUsersAndEveryChangeEndsTheirSessions() {
    String admin = gateway().adminToken();
    HttpResponse<Buffer> created = createUser(admin, new JsonObject().put("login", "ops1").put("password", "first-password")
      .put("tenant", "acme").put("roles", new JsonArray().add("operator")).put("profile", new JsonObject().put("firstName", "Olga")));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject user = created.bodyAsJsonObject();
    assertEquals("acme", user.getString("tenant"));
    assertEquals("USER", user.getString("kind"));
    assertNull(user.getValue("passwordHash"));
    assertFalse(created.bodyAsString().contains("first-password"));

    problem(createUser(admin, new JsonObject().put("login", "ops1").put("password", "another-one").put("tenant", "x")), 409);

    String opsToken = gateway().token("ops1", "first-password");
    JsonObject forbidden = problem(get("/admin/users", opsToken), 403);
    assertEquals("This operation needs the admin role.", forbidden.getString("detail"));

    HttpResponse<Buffer> patched = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/users/ops1")
      .bearerTokenAuthentication(admin), new JsonObject().put("password", "second-password")
      .put("profile", new JsonObject().put("lastName", "K")));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    assertEquals(new JsonObject().put("firstName", "Olga").put("lastName", "K"),
      patched.bodyAsJsonObject().getJsonObject("profile"));
    problem(get("/admin/users", opsToken), 401);
    HttpResponse<Buffer> oldPassword = gateway().send(gateway().request(HttpMethod.POST, "/auth/token"),
      new JsonObject().put("login", "ops1").put("password", "first-password"));
    problem(oldPassword, 401);
    gateway().token("ops1", "second-password");

    HttpResponse<Buffer> deactivated = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/users/ops1")
      .bearerTokenAuthentication(admin), new JsonObject().put("active", false));
    assertEquals(200, deactivated.statusCode());
    HttpResponse<Buffer> inactiveLogin = gateway().send(gateway().request(HttpMethod.POST, "/auth/token"),
      new JsonObject().put("login", "ops1").put("password", "second-password"));
    problem(inactiveLogin, 403);

    assertEquals(204, gateway().send(gateway().request(HttpMethod.DELETE, "/admin/users/ops1")
      .bearerTokenAuthentication(admin)).statusCode());
    problem(get("/admin/users/ops1", admin), 404);
    problem(gateway().send(gateway().request(HttpMethod.DELETE, "/admin/users/ops1").bearerTokenAuthentication(admin)), 404);
  }

  @Test
  void aBodyThatBreaksTheContractIs400NamingTheField() {
    String admin = gateway().adminToken();
    JsonObject unknown = problem(createUser(admin, new JsonObject().put("login", "u1").put("password", "long-enough")
      .put("tenant", "t").put("colour", "red")), 400);
    assertEquals("/colour", unknown.getString("pointer"));
    assertTrue(unknown.getString("detail").contains("colour"), unknown.getString("detail"));

    JsonObject tooShort = problem(createUser(admin, new JsonObject().put("login", "u1").put("password", "short")
      .put("tenant", "t")), 400);
    assertEquals("/password", tooShort.getString("pointer"));
    assertTrue(tooShort.getString("detail").contains("minLength"), tooShort.getString("detail"));

    JsonObject missing = problem(createUser(admin, new JsonObject().put("login", "u1").put("password", "long-enough")), 400);
    assertTrue(missing.getString("detail").contains("tenant"), missing.getString("detail"));

    JsonObject wrongType = problem(createUser(admin, new JsonObject().put("login", "u1").put("password", "long-enough")
      .put("tenant", "t").put("active", "yes")), 400);
    assertEquals("/active", wrongType.getString("pointer"));

    JsonObject badEnum = problem(createUser(admin, new JsonObject().put("login", "u1").put("password", "long-enough")
      .put("tenant", "t").put("kind", "ROBOT")), 400);
    assertEquals("/kind", badEnum.getString("pointer"));
    problem(get("/admin/users/u1", admin), 404);
  }

  @Test
  void aParameterThatBreaksTheContractIs400NamingIt() {
    String admin = gateway().adminToken();
    JsonObject badPath = problem(get("/admin/users/has%20space", admin), 400);
    assertEquals("login", badPath.getString("pointer"));
    JsonObject badQuery = problem(get("/admin/users?tenant=", admin), 400);
    assertEquals("tenant", badQuery.getString("pointer"));
  }

  @Test
  void malformedJsonSaysLineAndColumn() {
    HttpResponse<Buffer> response = gateway().sendRaw(gateway().request(HttpMethod.POST, "/auth/token"),
      "application/json", "{\n  \"login\": \"admin\",\n  \"password\": \"x\",\n}");
    JsonObject body = problem(response, 400);
    assertTrue(body.getString("detail").contains("line 4, column 1"), body.getString("detail"));
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    HttpResponse<Buffer> response = gateway().sendRaw(gateway().request(HttpMethod.POST, "/auth/token"),
      "text/plain", "login=admin");
    problem(response, 415);
  }

  @Test
  void aTwoMebibyteBodyIs413() {
    String big = "{\"login\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}";
    HttpResponse<Buffer> response = gateway().sendRaw(gateway().request(HttpMethod.POST, "/auth/token"),
      "application/json", big);
    JsonObject body = problem(response, 413);
    assertTrue(body.getString("detail").contains("1048576"), body.getString("detail"));
  }

  @Test
  void oversizedHeadersAre431() {
    HttpResponse<Buffer> response = gateway().send(gateway().request(HttpMethod.GET, "/admin/users")
      .putHeader("X-Padding", "p".repeat(9000)));
    problem(response, 431);
  }

  @Test
  void unknownPathsAre404AndWrongMethods405WithAllow() {
    problem(get("/no/such/thing", null), 404);
    HttpResponse<Buffer> wrongMethod = gateway().send(gateway().request(HttpMethod.PUT, "/admin/users"));
    problem(wrongMethod, 405);
    assertEquals("GET, POST", wrongMethod.getHeader("Allow"));
  }

  @Test
  void aCallerChosenRequestIdIsEchoedAndAMadeUpOneIsReplaced() {
    HttpResponse<Buffer> kept = gateway().send(gateway().request(HttpMethod.GET, "/health/live")
      .putHeader("X-Request-Id", "lb-1234"));
    assertEquals("lb-1234", kept.getHeader("X-Request-Id"));
    HttpResponse<Buffer> replaced = gateway().send(gateway().request(HttpMethod.GET, "/health/live")
      .putHeader("X-Request-Id", "bad id with spaces"));
    assertFalse(replaced.getHeader("X-Request-Id").contains(" "));
  }
}
