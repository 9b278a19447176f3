package io.sessiongate.symphony;

import io.sessiongate.testing.Await;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Symphony client API (symrest) over real HTTPS against a whole gateway; run on the in-process store and
 * on PostgreSQL. One "minute" of sessionTTLInMinutes lasts {@link #SETTINGS}' ttl-minute-millis here.
 */
abstract class SymphonyApiContract extends GatewayPerTestClass {
  static final String BASE = "/platform/rest/symrest/v1";
  static final String SEED_APP = "symping7.3.2";
  static final Map<String, String> SETTINGS = Map.of(
    "symphony.applications", "symping7.3.2=cluster1;multi=clusterA clusterB;other=clusterB",
    "symphony.ttl-minute-millis", "1000",
    "symphony.expiry-sweep-millis", "100");
  private static final AtomicInteger USERS = new AtomicInteger();


  // --- the seed ---------------------------------------------------------------------------------

  /** The seed's sample body, byte for byte (it is not valid JSON). */
  static String seedBody() {
    try (InputStream in = SymphonyApiContract.class.getResourceAsStream("/symphony/seed-create-session-body.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The seed's body with its two commas fixed: the trailing one removed, the missing one added. */
  static String fixedSeedBody() {
    String fixed = seedBody().replace("\"numSlots\" : 2,\n}\n", "\"numSlots\" : 2\n},\n");
    assertNotEquals(seedBody(), fixed);
    return fixed;
  }

  @Test
  void theSeedBodyWithItsCommasFixedCreatesASession() {
    HttpResponse<Buffer> created = gateway().sendRaw(asAdmin(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP)), "application/json", fixedSeedBody());
    assertEquals(200, created.statusCode(), created.bodyAsString());
    JsonObject reply = created.bodyAsJsonObject();
    assertEquals(Set.of("sessionId", "applicationName", "clusterId"), reply.fieldNames());
    assertTrue(reply.getValue("sessionId") instanceof Number, "the session id is a JSON number");
    assertTrue(reply.getLong("sessionId") > 0);
    assertEquals(SEED_APP, reply.getString("applicationName"));
    assertEquals("cluster1", reply.getString("clusterId"));

    JsonObject stored = ok(asAdmin(call(HttpMethod.GET, "/clientapi/session?applicationName=" + SEED_APP
      + "&sessionId=" + reply.getLong("sessionId"))));
    assertEquals("open", stored.getString("state"));
    assertEquals("admin", stored.getString("owner"));
    assertEquals(new JsonObject(fixedSeedBody()), stored.getJsonObject("sessionAttributes"));
    assertNotNull(stored.getString("expiresAt"), "sessionTTLInMinutes 60 gives an expiry");
    assertNull(stored.getValue("closedAt"));
  }

  @Test
  void theSeedBodyVerbatimIs400NamingLineAndColumn() {
    JsonObject trailing = error(gateway().sendRaw(asAdmin(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP)), "application/json", seedBody()), 400);
    assertTrue(trailing.getString("message").contains("line 25, column 1"), trailing.getString("message"));

    String trailingFixed = seedBody().replace("\"numSlots\" : 2,\n}", "\"numSlots\" : 2\n}");
    JsonObject missing = error(gateway().sendRaw(asAdmin(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP)), "application/json", trailingFixed), 400);
    assertTrue(missing.getString("message").contains("line 26, column 1"), missing.getString("message"));
  }

  @Test
  void anEmptyBodyObjectCreatesASessionWithDefaultsAndNoBodyIs400() {
    JsonObject created = create("", new JsonObject());
    assertEquals("cluster1", created.getString("clusterId"));
    JsonObject stored = get(SEED_APP, created.getLong("sessionId"));
    assertNull(stored.getValue("expiresAt"), "no sessionTTLInMinutes, no expiry");
    error(gateway().send(asAdmin(call(HttpMethod.POST, "/clientapi/session?applicationName=" + SEED_APP))), 400);
  }

  @Test
  void sessionIdsAreNumericIncreasingAndUnique() {
    long first = create("", new JsonObject()).getLong("sessionId");
    long second = create("", new JsonObject()).getLong("sessionId");
    assertTrue(second > first, first + " then " + second);
    List<Future<HttpResponse<Buffer>>> concurrent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      concurrent.add(asAdmin(call(HttpMethod.POST, "/clientapi/session?applicationName=" + SEED_APP))
        .sendJsonObject(new JsonObject()));
    }
    Set<Long> ids = new HashSet<>();
    for (Future<HttpResponse<Buffer>> reply : concurrent) {
      HttpResponse<Buffer> response = Await.await(reply);
      assertEquals(200, response.statusCode(), response.bodyAsString());
      long id = response.bodyAsJsonObject().getLong("sessionId");
      assertTrue(id > second);
      ids.add(id);
    }
    assertEquals(20, ids.size());
  }

  // --- bounds and enums ---------------------------------------------------------------------------

  static Stream<Arguments> rejectedAttributes() {
    return Stream.of(
      bad("/sessionPriority", "{\"sessionPriority\": 0}"),
      bad("/sessionPriority", "{\"sessionPriority\": 10001}"),
      bad("/sessionPriority", "{\"sessionPriority\": \"10\"}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_UINT32\", \"4294967296\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_UINT32\", \"-1\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_UINT32\", \"+4\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_UINT32\", \"four\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_INT32\", \"2147483648\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_INT32\", \"-2147483649\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_INT64\", \"9223372036854775808\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_UINT64\", \"18446744073709551616\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_BOOL\", \"yes\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_DOUBLE\", \"NaN\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_DOUBLE\", \"1e999\"]]}"),
      bad("/commonData/1/1", "{\"commonData\": [[\"SOAM_STRING_CHARS\", \"ok\"], [\"SOAM_BYTES\", \"not-base64!\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_BYTES\", \"QUJD=\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_BYTES\", \"QU=JD\"]]}"),
      bad("/commonData/0/0", "{\"commonData\": [[\"SOAM_FLOAT\", \"1\"]]}"),
      bad("/commonData/0", "{\"commonData\": [[\"SOAM_INT32\", \"1\", \"2\"]]}"),
      bad("/commonData/0", "{\"commonData\": [[\"SOAM_INT32\"]]}"),
      bad("/commonData/0/1", "{\"commonData\": [[\"SOAM_INT32\", 4]]}"),
      bad("/dataCompressionFlags", "{\"dataCompressionFlags\": \"Fastest\"}"),
      bad("/dataCompressionThreshold", "{\"dataCompressionThreshold\": -1}"),
      bad("/taskDispatchOrder", "{\"taskDispatchOrder\": \"TaskDispatchOrderRandom\"}"),
      bad("/serviceToSlotRatio/numServices", "{\"serviceToSlotRatio\": {\"numServices\": 0, \"numSlots\": 2}}"),
      bad("/serviceToSlotRatio/numSlots", "{\"serviceToSlotRatio\": {\"numServices\": 1}}"),
      bad("/serviceToSlotRatio/ratio", "{\"serviceToSlotRatio\": {\"numServices\": 1, \"numSlots\": 2, \"ratio\": 3}}"),
      bad("/resourceLimit/cpuLimit", "{\"resourceLimit\": {\"cpuLimit\": -1}}"),
      bad("/resourceLimit/JvmMaxHeap", "{\"resourceLimit\": {\"JvmMaxHeap\": 2147483648}}"),
      bad("/resourceLimit/gpuLimit", "{\"resourceLimit\": {\"gpuLimit\": 1}}"),
      bad("/dockerMountDefinition/0/hostDir", "{\"dockerMountDefinition\": [{\"hostDir\": \"tmp\", \"containerDir\": \"/tmp\"}]}"),
      bad("/dockerMountDefinition/0/containerDir", "{\"dockerMountDefinition\": [{\"hostDir\": \"/tmp\"}]}"),
      bad("/dockerMountDefinition/0/readonly",
        "{\"dockerMountDefinition\": [{\"hostDir\": \"/tmp\", \"containerDir\": \"/tmp\", \"readonly\": \"yes\"}]}"),
      bad("/dockerMountDefinition/1/containerDir", "{\"dockerMountDefinition\": [{\"hostDir\": \"/a\", \"containerDir\": \"/data\"},"
        + " {\"hostDir\": \"/b\", \"containerDir\": \"/data\"}]}"),
      bad("/resourcePreference/expression", "{\"resourcePreference\": {\"resourceAttributeDefinition\": []}}"),
      bad("/resourcePreference/resourceAttributeDefinition/0/name",
        "{\"resourcePreference\": {\"expression\": \"e\", \"resourceAttributeDefinition\": [{\"name\": \"\"}]}}"),
      bad("/resourceAttributeDefinition/1/name", "{\"resourceAttributeDefinition\": [{\"name\": \"mem\"}, {\"name\": \"mem\"}]}"),
      bad("/attributes/taskRetryLimit", "{\"attributes\": {\"taskRetryLimit\": 2}}"),
      bad("/parent/taskID", "{\"parent\": {\"sessionID\": \"s\"}}"),
      bad("/parent/sessionID", "{\"parent\": {\"sessionID\": \"\", \"taskID\": \"t\"}}"),
      bad("/sessionTimeout", "{\"sessionTimeout\": -1}"),
      bad("/taskTimeout", "{\"taskTimeout\": -1}"),
      bad("/resourceReservationTimeout", "{\"resourceReservationTimeout\": -1}"),
      bad("/sessionTTLInMinutes", "{\"sessionTTLInMinutes\": -1}"),
      bad("/preemptionRank", "{\"preemptionRank\": -1}"),
      bad("/minServices", "{\"minServices\": -1}"),
      bad("/minServices", "{\"minServices\": 11, \"maxServices\": 10}"),
      bad("/datasetDependencies/1", "{\"datasetDependencies\": [\"dependency1\", \"\"]}"),
      bad("/enableDataCompression", "{\"enableDataCompression\": \"true\"}"),
      bad("/defaultResourceAttributeValue", "{\"defaultResourceAttributeValue\": \"high\"}"),
      bad("/colour", "{\"colour\": \"red\"}"));
  }

  private static Arguments bad(String pointer, String change) {
    return Arguments.of(pointer, change);
  }

  @ParameterizedTest(name = "{0} <- {1}")
  @MethodSource("rejectedAttributes")
  void everyBoundAndEnumIsEnforced(String pointer, String change) {
    JsonObject body = new JsonObject(fixedSeedBody()).mergeIn(new JsonObject(change));
    JsonObject refused = error(gateway().send(asAdmin(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP)), body), 400);
    assertEquals("body " + pointer, refused.getString("details"), refused.getString("message"));
    String name = pointer.substring(pointer.lastIndexOf('/') + 1);
    if (!name.matches("[0-9]+")) {
      assertTrue(refused.getString("message").contains(name) || refused.getString("message").contains("SOAM"),
        "the message names what is wrong: " + refused.getString("message"));
    }
  }

  @Test
  void theValidEdgesOfEveryBoundAreAccepted() {
    JsonObject edges = new JsonObject()
      .put("sessionPriority", 10000)
      .put("commonData", new JsonArray()
        .add(new JsonArray().add("SOAM_UINT32").add("4294967295"))
        .add(new JsonArray().add("SOAM_INT32").add("-2147483648"))
        .add(new JsonArray().add("SOAM_INT64").add("-9223372036854775808"))
        .add(new JsonArray().add("SOAM_UINT64").add("18446744073709551615"))
        .add(new JsonArray().add("SOAM_BOOL").add("false"))
        .add(new JsonArray().add("SOAM_DOUBLE").add("-1.5e3"))
        .add(new JsonArray().add("SOAM_BYTES").add("QUJD\nREVG"))
        .add(new JsonArray().add("SOAM_BYTES").add("QQ==")))
      .put("minServices", 0).put("maxServices", 0).put("sessionTimeout", 0).put("sessionTTLInMinutes", 0)
      .put("dataCompressionFlags", "BestCompression").put("taskDispatchOrder", "TaskDispatchOrderLIFO");
    create("", edges);
    create("", new JsonObject().put("sessionPriority", 1).put("dataCompressionFlags", "DefaultCompression")
      .put("taskDispatchOrder", "TaskDispatchOrderFIFO"));
  }

  @Test
  void queryParametersAreChecked() {
    assertEquals("parameter applicationName", error(gateway().send(asAdmin(call(HttpMethod.POST, "/clientapi/session")),
      new JsonObject()), 400).getString("details"));
    assertEquals("parameter applicationName", error(gateway().send(asAdmin(call(HttpMethod.POST,
      "/clientapi/session?applicationName=")), new JsonObject()), 400).getString("details"));
    assertEquals("parameter sessionId", error(gateway().send(asAdmin(call(HttpMethod.GET,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=0"))), 400).getString("details"));
    assertEquals("parameter sessionId", error(gateway().send(asAdmin(call(HttpMethod.GET,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=abc"))), 400).getString("details"));
    assertEquals("parameter destroyOnCloseFlag", error(gateway().send(asAdmin(call(HttpMethod.DELETE,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=1&destroyOnCloseFlag=maybe"))), 400)
      .getString("details"));
    assertEquals("parameter state", error(gateway().send(asAdmin(call(HttpMethod.GET,
      "/clientapi/sessions?applicationName=" + SEED_APP + "&state=expired"))), 400).getString("details"));
  }

  // --- applications and clusters ------------------------------------------------------------------

  @Test
  void anUnregisteredApplicationIs400NamingTheRegisteredOnes() {
    JsonObject refused = error(gateway().send(asAdmin(call(HttpMethod.POST, "/clientapi/session?applicationName=nope")),
      new JsonObject()), 400);
    assertEquals("parameter applicationName", refused.getString("details"));
    assertTrue(refused.getString("message").contains("'nope' is not registered"), refused.getString("message"));
    assertTrue(refused.getString("message").contains(SEED_APP), refused.getString("message"));
    error(gateway().send(asAdmin(call(HttpMethod.GET, "/clientapi/session?applicationName=nope&sessionId=1"))), 400);
    error(gateway().send(asAdmin(call(HttpMethod.GET, "/clientapi/sessions?applicationName=nope"))), 400);
    error(gateway().send(asAdmin(call(HttpMethod.DELETE, "/clientapi/session?applicationName=nope&sessionId=1"))), 400);
  }

  @Test
  void withoutClusterIdTheFirstConfiguredClusterServesAndAnUnknownOneIs400() {
    assertEquals("clusterA", create("multi", "", new JsonObject()).getString("clusterId"));
    assertEquals("clusterA", create("multi", "&clusterId=", new JsonObject()).getString("clusterId"));
    JsonObject onB = create("multi", "&clusterId=clusterB", new JsonObject());
    assertEquals("clusterB", onB.getString("clusterId"));

    JsonObject unknown = error(gateway().send(asAdmin(call(HttpMethod.POST,
      "/clientapi/session?applicationName=multi&clusterId=clusterZ")), new JsonObject()), 400);
    assertEquals("parameter clusterId", unknown.getString("details"));
    assertTrue(unknown.getString("message").contains("'clusterZ' is not known"), unknown.getString("message"));
    JsonObject notServing = error(gateway().send(asAdmin(call(HttpMethod.POST,
      "/clientapi/session?applicationName=other&clusterId=clusterA")), new JsonObject()), 400);
    assertTrue(notServing.getString("message").contains("does not serve the application 'other'"),
      notServing.getString("message"));

    long id = onB.getLong("sessionId");
    error(gateway().send(asAdmin(call(HttpMethod.GET, "/clientapi/session?applicationName=multi&clusterId=clusterA&sessionId=" + id))), 404);
    assertEquals("clusterB", ok(asAdmin(call(HttpMethod.GET,
      "/clientapi/session?applicationName=multi&clusterId=clusterB&sessionId=" + id))).getString("clusterId"));
    error(gateway().send(asAdmin(call(HttpMethod.GET, "/clientapi/session?applicationName=other&sessionId=" + id))), 404);
  }

  @Test
  void anAdminRegistersAndRemovesApplicationsThatEveryCallThenKnows() {
    JsonObject listed = ok(asAdmin(call(HttpMethod.GET, "/admin/applications")));
    assertEquals(new JsonObject().put("name", SEED_APP).put("clusters", new JsonArray().add("cluster1")).put("source", "config"),
      listed.getJsonArray("applications").getJsonObject(0));

    HttpResponse<Buffer> registered = gateway().send(asAdmin(call(HttpMethod.PUT, "/admin/applications/batch9")),
      new JsonObject().put("clusters", new JsonArray().add("c9").add("c8")));
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
    assertEquals("admin", registered.bodyAsJsonObject().getString("source"));
    assertEquals("c9", create("batch9", "", new JsonObject()).getString("clusterId"));
    HttpResponse<Buffer> replaced = gateway().send(asAdmin(call(HttpMethod.PUT, "/admin/applications/batch9")),
      new JsonObject().put("clusters", new JsonArray().add("c8")));
    assertEquals(200, replaced.statusCode(), replaced.bodyAsString());
    long session = create("batch9", "", new JsonObject()).getLong("sessionId");
    assertEquals("c8", get("batch9", session).getString("clusterId"));
    error(gateway().send(asAdmin(call(HttpMethod.POST, "/clientapi/session?applicationName=batch9&clusterId=c9")),
      new JsonObject()), 400);
    assertTrue(ok(asAdmin(call(HttpMethod.GET, "/admin/applications"))).getJsonArray("applications").stream()
      .anyMatch(a -> ((JsonObject) a).getString("name").equals("batch9")));

    error(gateway().send(asAdmin(call(HttpMethod.PUT, "/admin/applications/" + SEED_APP)),
      new JsonObject().put("clusters", new JsonArray().add("c1"))), 409);
    error(gateway().send(asAdmin(call(HttpMethod.DELETE, "/admin/applications/" + SEED_APP))), 409);
    JsonObject busy = error(gateway().send(asAdmin(call(HttpMethod.DELETE, "/admin/applications/batch9"))), 409);
    assertTrue(busy.getString("message").contains("still has sessions"), busy.getString("message"));
    for (Object s : ok(asAdmin(call(HttpMethod.GET, "/clientapi/sessions?applicationName=batch9"))).getJsonArray("sessions")) {
      ok(asAdmin(call(HttpMethod.DELETE, "/clientapi/session?applicationName=batch9&destroyOnCloseFlag=true&sessionId="
        + ((JsonObject) s).getLong("sessionId"))));
    }
    assertEquals(204, gateway().send(asAdmin(call(HttpMethod.DELETE, "/admin/applications/batch9"))).statusCode());
    error(gateway().send(asAdmin(call(HttpMethod.DELETE, "/admin/applications/batch9"))), 404);
    error(gateway().send(asAdmin(call(HttpMethod.POST, "/clientapi/session?applicationName=batch9")), new JsonObject()), 400);
  }

  @Test
  void registeringApplicationsNeedsTheAdminRoleAValidBodyAndTheCsrfToken() {
    error(gateway().send(asAdmin(call(HttpMethod.PUT, "/admin/applications/x1")), new JsonObject()), 400);
    assertEquals("body /clusters", error(gateway().send(asAdmin(call(HttpMethod.PUT, "/admin/applications/x1")),
      new JsonObject().put("clusters", new JsonArray())), 400).getString("details"));
    assertEquals("body /clusters", error(gateway().send(asAdmin(call(HttpMethod.PUT, "/admin/applications/x1")),
      new JsonObject().put("clusters", new JsonArray().add("a").add("a"))), 400).getString("details"));
    assertEquals("body /clusters/0", error(gateway().send(asAdmin(call(HttpMethod.PUT, "/admin/applications/x1")),
      new JsonObject().put("clusters", new JsonArray().add(""))), 400).getString("details"));

    String login = "symuser" + USERS.incrementAndGet();
    gateway().send(gateway().request(HttpMethod.POST, "/admin/users").bearerTokenAuthentication(gateway().adminToken()),
      new JsonObject().put("login", login).put("password", "user-password-1").put("tenant", "t"));
    error(gateway().send(call(HttpMethod.GET, "/admin/applications").basicAuthentication(login, "user-password-1")), 403);
    error(gateway().send(call(HttpMethod.PUT, "/admin/applications/x1").basicAuthentication(login, "user-password-1"),
      new JsonObject().put("clusters", new JsonArray().add("a"))), 403);
    error(gateway().send(call(HttpMethod.DELETE, "/admin/applications/x1").basicAuthentication(login, "user-password-1")), 403);
    error(gateway().send(call(HttpMethod.GET, "/admin/applications")), 401);

    Login admin = login("admin", TestGateway.ADMIN_PASSWORD);
    error(gateway().send(admin.withCookie(call(HttpMethod.PUT, "/admin/applications/x1")),
      new JsonObject().put("clusters", new JsonArray().add("a"))), 403);
    HttpResponse<Buffer> withCsrf = gateway().send(admin.withCookie(call(HttpMethod.PUT, "/admin/applications/x1"))
      .putHeader("X-CSRF-Token", admin.csrf()), new JsonObject().put("clusters", new JsonArray().add("a")));
    assertEquals(201, withCsrf.statusCode(), withCsrf.bodyAsString());
  }

  // --- authentication -----------------------------------------------------------------------------

  @Test
  void withoutCredentialsEveryOperationIs401WithABasicChallenge() {
    for (HttpRequest<Buffer> request : List.of(
      call(HttpMethod.POST, "/clientapi/session?applicationName=" + SEED_APP),
      call(HttpMethod.GET, "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=1"),
      call(HttpMethod.GET, "/clientapi/sessions?applicationName=" + SEED_APP),
      call(HttpMethod.DELETE, "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=1"),
      call(HttpMethod.GET, "/auth/renew?csrftoken=x"),
      call(HttpMethod.POST, "/auth/login"))) {
      HttpResponse<Buffer> response = gateway().send(request);
      error(response, 401);
      assertEquals("Basic realm=\"symrest\"", response.getHeader("WWW-Authenticate"));
    }
    error(gateway().send(call(HttpMethod.POST, "/auth/login").basicAuthentication("admin", "wrong")), 401);
    error(gateway().send(call(HttpMethod.POST, "/auth/login").bearerTokenAuthentication(gateway().adminToken())), 401);
    error(gateway().send(call(HttpMethod.GET, "/clientapi/sessions?applicationName=" + SEED_APP)
      .putHeader("Cookie", SymrestAccess.COOKIE + "=forged")), 401);
  }

  @Test
  void aCookieLoginNeedsItsCsrfTokenOnStateChangingCallsOnly() {
    Login login = login("admin", TestGateway.ADMIN_PASSWORD);
    assertEquals(32, login.csrf().length());

    JsonObject noCsrf = error(gateway().send(login.withCookie(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP)), new JsonObject()), 403);
    assertTrue(noCsrf.getString("message").contains("CSRF"), noCsrf.getString("message"));
    error(gateway().send(login.withCookie(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP + "&csrftoken=915ee7644f431e630dac68b9ab3e40bc")), new JsonObject()), 403);

    HttpResponse<Buffer> viaQuery = gateway().send(login.withCookie(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP + "&csrftoken=" + login.csrf())), new JsonObject());
    assertEquals(200, viaQuery.statusCode(), viaQuery.bodyAsString());
    long id = viaQuery.bodyAsJsonObject().getLong("sessionId");
    HttpResponse<Buffer> viaHeader = gateway().send(login.withCookie(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP)).putHeader("X-CSRF-Token", login.csrf()), new JsonObject());
    assertEquals(200, viaHeader.statusCode(), viaHeader.bodyAsString());

    HttpResponse<Buffer> read = gateway().send(login.withCookie(call(HttpMethod.GET,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + id)));
    assertEquals(200, read.statusCode(), "reads need no CSRF token");
    error(gateway().send(login.withCookie(call(HttpMethod.DELETE,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + id))), 403);
    HttpResponse<Buffer> closed = gateway().send(login.withCookie(call(HttpMethod.DELETE,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + id + "&csrftoken=" + login.csrf())));
    assertEquals(200, closed.statusCode(), closed.bodyAsString());
  }

  @Test
  void headerCredentialsNeedNoCsrfToken() {
    HttpResponse<Buffer> bearer = gateway().send(call(HttpMethod.POST, "/clientapi/session?applicationName=" + SEED_APP)
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject());
    assertEquals(200, bearer.statusCode(), bearer.bodyAsString());
    HttpResponse<Buffer> xAuth = gateway().send(call(HttpMethod.POST, "/clientapi/session?applicationName=" + SEED_APP)
      .putHeader("X-Auth-Token", gateway().adminToken()), new JsonObject());
    assertEquals(200, xAuth.statusCode(), xAuth.bodyAsString());
    create("", new JsonObject());
  }

  @Test
  void renewGivesANewCookieAndCsrfTokenAndRetiresTheOldOnes() {
    Login first = login("admin", TestGateway.ADMIN_PASSWORD);
    JsonObject invalid = error(gateway().send(first.withCookie(call(HttpMethod.GET, "/auth/renew?csrftoken=nope"))), 400);
    assertEquals("parameter csrftoken", invalid.getString("details"));
    error(gateway().send(first.withCookie(call(HttpMethod.GET, "/auth/renew"))), 400);

    HttpResponse<Buffer> renewed = gateway().send(first.withCookie(call(HttpMethod.GET, "/auth/renew?csrftoken=" + first.csrf())));
    assertEquals(200, renewed.statusCode(), renewed.bodyAsString());
    Login second = Login.of(renewed);
    assertNotEquals(first.cookie(), second.cookie());
    assertNotEquals(first.csrf(), second.csrf());

    error(gateway().send(first.withCookie(call(HttpMethod.GET, "/clientapi/sessions?applicationName=" + SEED_APP))), 401);
    error(gateway().send(second.withCookie(call(HttpMethod.GET, "/auth/renew?csrftoken=" + first.csrf()))), 400);
    error(gateway().send(second.withCookie(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP + "&csrftoken=" + first.csrf())), new JsonObject()), 403);
    HttpResponse<Buffer> created = gateway().send(second.withCookie(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + SEED_APP + "&csrftoken=" + second.csrf())), new JsonObject());
    assertEquals(200, created.statusCode(), created.bodyAsString());

    error(gateway().send(call(HttpMethod.GET, "/auth/renew?csrftoken=" + second.csrf())
      .basicAuthentication("admin", TestGateway.ADMIN_PASSWORD)), 400);
  }

  // --- reading, listing, closing -------------------------------------------------------------------

  @Test
  void aSessionIsReadListedClosedAndDestroyed() {
    long id = create("", new JsonObject().put("sessionName", "life").put("attributes",
      new JsonObject().put("sessionRetryLimit", "1"))).getLong("sessionId");
    JsonObject open = get(SEED_APP, id);
    assertEquals("open", open.getString("state"));
    assertEquals("life", open.getJsonObject("sessionAttributes").getString("sessionName"));
    assertEquals("1", open.getJsonObject("sessionAttributes").getJsonObject("attributes").getString("sessionRetryLimit"));
    assertTrue(listed(SEED_APP, "").contains(id));
    assertTrue(listed(SEED_APP, "&state=open").contains(id));

    JsonObject closed = close(id, "");
    assertEquals("closed", closed.getString("state"));
    assertNotNull(closed.getString("closedAt"));
    assertEquals("closed", get(SEED_APP, id).getString("state"), "a closed session stays readable");
    JsonObject again = close(id, "false");
    assertEquals(closed.getString("closedAt"), again.getString("closedAt"), "closing twice changes nothing");
    assertFalse(listed(SEED_APP, "&state=open").contains(id));
    assertTrue(listed(SEED_APP, "&state=closed").contains(id));

    JsonObject destroyed = close(id, "TRUE");
    assertEquals("destroyed", destroyed.getString("state"));
    assertNull(destroyed.getValue("expiresAt"));
    JsonObject gone = error(gateway().send(asAdmin(call(HttpMethod.GET,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + id))), 404);
    assertTrue(gone.getString("message").contains("No session " + id), gone.getString("message"));
    error(gateway().send(asAdmin(call(HttpMethod.DELETE,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + id))), 404);
    assertFalse(listed(SEED_APP, "").contains(id));
    error(gateway().send(asAdmin(call(HttpMethod.GET,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=9223372036854775807"))), 404);
  }

  @Test
  void usersSeeOnlyTheirOwnSessionsAndAdminsSeeAll() {
    String login = "symuser" + USERS.incrementAndGet();
    HttpResponse<Buffer> user = gateway().send(gateway().request(HttpMethod.POST, "/admin/users")
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject().put("login", login)
      .put("password", "user-password-1").put("tenant", "t"));
    assertEquals(201, user.statusCode(), user.bodyAsString());
    HttpResponse<Buffer> mine = gateway().send(call(HttpMethod.POST, "/clientapi/session?applicationName=" + SEED_APP)
      .basicAuthentication(login, "user-password-1"), new JsonObject());
    assertEquals(200, mine.statusCode(), mine.bodyAsString());
    long userSession = mine.bodyAsJsonObject().getLong("sessionId");
    long adminSession = create("", new JsonObject()).getLong("sessionId");

    HttpResponse<Buffer> list = gateway().send(call(HttpMethod.GET, "/clientapi/sessions?applicationName=" + SEED_APP)
      .basicAuthentication(login, "user-password-1"));
    assertEquals(200, list.statusCode());
    assertEquals(1, list.bodyAsJsonObject().getInteger("total"));
    assertEquals(userSession, list.bodyAsJsonObject().getJsonArray("sessions").getJsonObject(0).getLong("sessionId"));
    assertEquals(login, list.bodyAsJsonObject().getJsonArray("sessions").getJsonObject(0).getString("owner"));
    error(gateway().send(call(HttpMethod.GET, "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + adminSession)
      .basicAuthentication(login, "user-password-1")), 404);
    error(gateway().send(call(HttpMethod.DELETE, "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + adminSession)
      .basicAuthentication(login, "user-password-1")), 404);
    assertTrue(listed(SEED_APP, "").containsAll(List.of(userSession, adminSession)));
  }

  // --- expiry ----------------------------------------------------------------------------------------

  @Test
  void aSessionExpiresSessionTtlMinutesAfterItsLastUse() {
    long expiring = create("", new JsonObject().put("sessionTTLInMinutes", 1)).getLong("sessionId");
    long lasting = create("", new JsonObject().put("sessionTTLInMinutes", 600)).getLong("sessionId");
    JsonObject read = get(SEED_APP, expiring);
    assertEquals(java.time.Instant.parse(read.getString("lastUsedAt")).toEpochMilli() + 1000,
      java.time.Instant.parse(read.getString("expiresAt")).toEpochMilli(), "expiry is one (test) minute after the last use");

    long deadline = System.currentTimeMillis() + 20_000;
    while (listed(SEED_APP, "").contains(expiring)) {
      assertTrue(System.currentTimeMillis() < deadline, "the session never expired");
      Await.await(Future.future(p -> gateway().gateway().vertx().setTimer(100, t -> p.complete())));
    }
    error(gateway().send(asAdmin(call(HttpMethod.GET,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + expiring))), 404);
    error(gateway().send(asAdmin(call(HttpMethod.DELETE,
      "/clientapi/session?applicationName=" + SEED_APP + "&sessionId=" + expiring))), 404);
    assertEquals("open", get(SEED_APP, lasting).getString("state"));
  }

  // --- helpers ----------------------------------------------------------------------------------------

  HttpRequest<Buffer> call(HttpMethod method, String pathAndQuery) {
    return gateway().request(method, BASE + pathAndQuery);
  }

  static HttpRequest<Buffer> asAdmin(HttpRequest<Buffer> request) {
    return request.basicAuthentication("admin", TestGateway.ADMIN_PASSWORD);
  }

  JsonObject create(String extraQuery, JsonObject body) {
    return create(SEED_APP, extraQuery, body);
  }

  JsonObject create(String application, String extraQuery, JsonObject body) {
    HttpResponse<Buffer> response = gateway().send(asAdmin(call(HttpMethod.POST,
      "/clientapi/session?applicationName=" + application + extraQuery)), body);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  JsonObject get(String application, long sessionId) {
    return ok(asAdmin(call(HttpMethod.GET, "/clientapi/session?applicationName=" + application + "&sessionId=" + sessionId)));
  }

  JsonObject close(long sessionId, String destroyOnCloseFlag) {
    return ok(asAdmin(call(HttpMethod.DELETE, "/clientapi/session?applicationName=" + SEED_APP
      + "&sessionId=" + sessionId + "&destroyOnCloseFlag=" + destroyOnCloseFlag)));
  }

  List<Long> listed(String application, String extraQuery) {
    JsonObject list = ok(asAdmin(call(HttpMethod.GET, "/clientapi/sessions?applicationName=" + application + extraQuery)));
    JsonArray sessions = list.getJsonArray("sessions");
    assertEquals(sessions.size(), list.getInteger("total"));
    List<Long> ids = new ArrayList<>();
    sessions.forEach(s -> ids.add(((JsonObject) s).getLong("sessionId")));
    return ids;
  }

  JsonObject ok(HttpRequest<Buffer> request) {
    HttpResponse<Buffer> response = gateway().send(request);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    return response.bodyAsJsonObject();
  }

  static JsonObject error(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(status, body.getInteger("code"));
    assertFalse(body.getString("message").isBlank());
    return body;
  }

  Login login(String user, String password) {
    HttpResponse<Buffer> response = gateway().send(call(HttpMethod.POST, "/auth/login").basicAuthentication(user, password));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return Login.of(response);
  }

  /** What /auth/login or /auth/renew gave: the cookie value and the CSRF token. */
  record Login(String cookie, String csrf) {
    static Login of(HttpResponse<Buffer> response) {
      String setCookie = response.cookies().stream().filter(c -> c.startsWith(SymrestAccess.COOKIE + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + SymrestAccess.COOKIE + " cookie in " + response.cookies()));
      assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), setCookie);
      assertTrue(setCookie.contains("; Secure"), setCookie);
      assertTrue(setCookie.contains("Path=" + BASE), setCookie);
      String value = setCookie.substring(SymrestAccess.COOKIE.length() + 1, setCookie.indexOf(';'));
      return new Login(value, response.bodyAsJsonObject().getString("csrftoken"));
    }

    HttpRequest<Buffer> withCookie(HttpRequest<Buffer> request) {
      return request.putHeader("Cookie", SymrestAccess.COOKIE + "=" + cookie);
    }
  }
}
