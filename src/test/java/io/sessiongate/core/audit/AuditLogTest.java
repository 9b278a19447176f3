package io.sessiongate.core.audit;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit file of a real gateway (in-memory store, real HTTPS, a real simulated BMC): a scripted session
 * yields exactly its events, every class of event is written with its fields, and no password or token ever is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogTest {
  private static final String BMC_PASSWORD = "calvin-the-bmc-secret";
  private final Vertx bmcVertx = Vertx.vertx();
  private Path auditFile;
  private TestGateway gateway;
  private AuditTrail trail;
  private int bmcPort;

  @BeforeAll
  void start() throws Exception {
    SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", BMC_PASSWORD,
      4, 0, 600, false));
    await(bmcVertx.deployVerticle(bmc));
    bmcPort = bmc.actualPort();
    auditFile = Files.createTempDirectory("sessiongate-audit-").resolve("logs/audit.log");
    gateway = TestGateway.inMemory(Map.of("audit.file", auditFile.toString(),
      "sessions-controller.max-failed-logins", "2"));
    trail = new AuditTrail(auditFile);
  }

  @AfterAll
  void stop() {
    gateway.close();
    await(bmcVertx.close());
  }

  @Test
  void aScriptedSessionYieldsExactlyItsEventsAndNoSecret() {
    String token = gateway.adminToken();
    HttpResponse<Buffer> wrong = gateway.send(gateway.request(HttpMethod.POST, "/auth/token"),
      new JsonObject().put("login", "admin").put("password", "not-the-password"));
    assertEquals(401, wrong.statusCode());
    assertEquals(201, createDevice(token, "scripted").statusCode());
    HttpResponse<Buffer> patched = gateway.send(gateway.request(HttpMethod.PATCH, "/bmc/scripted/redfish/v1/Systems/1")
      .bearerTokenAuthentication(token), new JsonObject().put("AssetTag", "rack-7"));
    assertEquals(204, gateway.send(gateway.request(HttpMethod.DELETE, "/auth/token").bearerTokenAuthentication(token))
      .statusCode());

    List<JsonObject> events = trail.next(5);
    assertEquals(List.of("login.succeeded", "login.failed", "device.created", "device.request", "logout"),
      events.stream().map(event -> event.getString("event")).toList());
    JsonObject login = events.get(0);
    assertEquals("admin", login.getString("api"));
    assertEquals("admin", login.getString("user"));
    assertEquals("127.0.0.1", login.getString("sourceIp"));
    JsonObject failed = events.get(1);
    assertEquals("admin", failed.getString("user"));
    assertTrue(failed.getString("reason").startsWith("401 "), failed.encode());
    JsonObject created = events.get(2);
    assertEquals("scripted", created.getString("device"));
    assertEquals("admin", created.getString("user"));
    assertEquals(new JsonArray().add("address").add("credentials").add("id").add("tls"), created.getJsonArray("fields"));
    JsonObject proxied = events.get(3);
    assertEquals("admin", proxied.getString("user"));
    assertEquals("scripted", proxied.getString("device"));
    assertEquals("PATCH", proxied.getString("method"));
    assertEquals("/bmc/scripted/redfish/v1/Systems/1", proxied.getString("path"));
    assertEquals(patched.statusCode(), proxied.getInteger("status"));
    assertEquals(patched.statusCode(), proxied.getInteger("bmcStatus"), "the simulator's own answer was relayed");
    assertNotNull(proxied.getLong("durationMs"));
    assertEquals(true, proxied.getBoolean("completed"));
    assertEquals("admin", events.get(4).getString("user"));
    for (JsonObject event : events) {
      assertNotNull(event.getString("time"));
      assertNotNull(event.getString("requestId"), event.encode());
    }
    // The request ids are the ones the client was given.
    assertEquals(patched.getHeader("X-Request-Id"), proxied.getString("requestId"));
    assertNoSecret(token);
  }

  @Test
  void aChangeThroughTheProxyThatTheGatewayRefusesHasNoBmcStatus() {
    String token = gateway.adminToken();
    assertEquals(201, createDevice(token, "refusing").statusCode());
    HttpResponse<Buffer> anonymous = gateway.send(gateway.request(HttpMethod.POST,
      "/bmc/refusing/redfish/v1/Systems/1/Actions/ComputerSystem.Reset"), new JsonObject().put("ResetType", "On"));
    assertEquals(401, anonymous.statusCode());
    // Over HTTP/2 (what browsers and curl speak): a stream's close must not read as a broken-off exchange.
    WebClient http2 = WebClient.create(bmcVertx, new WebClientOptions().setSsl(true).setTrustAll(true)
      .setVerifyHost(false).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2));
    HttpResponse<Buffer> reset = await(http2.post(gateway.port(), "127.0.0.1",
        "/bmc/refusing/redfish/v1/Systems/1/Actions/ComputerSystem.Reset").bearerTokenAuthentication(token)
      .sendJsonObject(new JsonObject().put("ResetType", "ForceRestart")));
    assertEquals(HttpVersion.HTTP_2, reset.version());
    http2.close();
    assertEquals(2, reset.statusCode() / 100, reset.bodyAsString());
    List<JsonObject> events = trail.next(4);
    assertEquals(List.of("login.succeeded", "device.created", "device.request", "device.request"),
      events.stream().map(event -> event.getString("event")).toList());
    assertEquals(401, events.get(2).getInteger("status"));
    assertNull(events.get(2).getValue("bmcStatus"), "the gateway refused it: the BMC never saw it");
    assertNull(events.get(2).getValue("user"));
    assertEquals(reset.statusCode(), events.get(3).getInteger("bmcStatus"));
    assertEquals(true, events.get(3).getBoolean("completed"), events.get(3).encode());
    assertNoSecret(token);
  }

  @Test
  void aBatchResetOfTheAggregationIsAuditedWithEachRequestItSentToABmc() {
    String token = gateway.adminToken();
    assertEquals(201, createDevice(token, "batched").statusCode());
    HttpResponse<Buffer> accepted = gateway.send(gateway.request(HttpMethod.POST,
        "/redfish/v1/AggregationService/Actions/AggregationService.Reset").bearerTokenAuthentication(token),
      new JsonObject().put("TargetURIs", new JsonArray().add("/redfish/v1/Systems/batched_1"))
        .put("ResetType", "ForceRestart"));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    List<JsonObject> events = trail.next(4);
    assertEquals(List.of("login.succeeded", "device.created", "aggregation.batch", "device.request"),
      events.stream().map(event -> event.getString("event")).toList());
    JsonObject batch = events.get(2);
    String task = batch.getString("task");
    assertTrue(accepted.getHeader("Location").endsWith("/" + task), accepted.getHeader("Location"));
    assertEquals("admin", batch.getString("user"));
    assertEquals("AggregationService.Reset", batch.getString("action"));
    assertEquals("ForceRestart", batch.getJsonObject("parameters").getString("ResetType"));
    assertEquals(new JsonArray().add("/redfish/v1/Systems/batched_1"), batch.getJsonArray("targets"));
    assertEquals(accepted.getHeader("X-Request-Id"), batch.getString("requestId"));
    JsonObject sent = events.get(3);
    assertEquals(task, sent.getString("task"));
    assertEquals("admin", sent.getString("user"));
    assertEquals("batched", sent.getString("device"));
    assertEquals("POST", sent.getString("method"));
    assertEquals("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset", sent.getString("path"));
    assertEquals(2, sent.getInteger("bmcStatus") / 100, sent.encode());

    HttpResponse<Buffer> source = gateway.send(gateway.request(HttpMethod.POST,
        "/redfish/v1/AggregationService/AggregationSources").bearerTokenAuthentication(token),
      new JsonObject().put("HostName", "http://127.0.0.1:" + bmcPort).put("UserName", "root").put("Password", BMC_PASSWORD)
        .put("Links", new JsonObject().put("ConnectionMethod", new JsonObject()
          .put("@odata.id", "/redfish/v1/AggregationService/ConnectionMethods/RedfishSession")))
        .put("Oem", new JsonObject().put("SessionGate", new JsonObject().put("TlsMode", "insecure"))));
    assertEquals(201, source.statusCode(), source.bodyAsString());
    assertEquals(204, gateway.send(gateway.request(HttpMethod.DELETE, source.getHeader("Location"))
      .bearerTokenAuthentication(token)).statusCode());
    List<JsonObject> sources = trail.next(2);
    assertEquals(List.of("device.created", "device.deleted"),
      sources.stream().map(event -> event.getString("event")).toList());
    assertEquals("http://127.0.0.1:" + bmcPort, sources.get(0).getString("device"));
    assertTrue(sources.get(0).getJsonArray("fields").contains("Password"), "the field is named, not its value");
    assertEquals(source.bodyAsJsonObject().getString("Id"), sources.get(1).getString("device"));
    assertNoSecret(token);
  }

  @Test
  void aggregateChangesNameTheFieldsAndCountTheElementsAndItsBootOrderBatchIsAudited() {
    String token = gateway.adminToken();
    assertEquals(201, createDevice(token, "grouped").statusCode());
    String aggregates = "/redfish/v1/AggregationService/Aggregates";
    HttpResponse<Buffer> created = gateway.send(gateway.request(HttpMethod.POST, aggregates)
      .bearerTokenAuthentication(token), new JsonObject().put("Name", "rack 9").put("Elements", new JsonArray()
        .add(new JsonObject().put("@odata.id", "/redfish/v1/Systems/grouped_1"))));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String uri = created.getHeader("Location");
    String id = created.bodyAsJsonObject().getString("Id");
    JsonObject twoElements = new JsonObject().put("Elements", new JsonArray()
      .add(new JsonObject().put("@odata.id", "/redfish/v1/Chassis/grouped_1"))
      .add(new JsonObject().put("@odata.id", "/redfish/v1/Managers/grouped_1")));
    assertEquals(204, gateway.send(gateway.request(HttpMethod.POST, uri + "/Actions/Aggregate.AddElements")
      .bearerTokenAuthentication(token), twoElements).statusCode());
    assertEquals(204, gateway.send(gateway.request(HttpMethod.POST, uri + "/Actions/Aggregate.RemoveElements")
      .bearerTokenAuthentication(token), twoElements).statusCode());
    assertEquals(412, gateway.send(gateway.request(HttpMethod.POST, uri + "/Actions/Aggregate.RemoveElements")
      .bearerTokenAuthentication(token).putHeader("If-Match", "\"stale\""), twoElements).statusCode(),
      "a refused change is not audited");
    HttpResponse<Buffer> accepted = gateway.send(gateway.request(HttpMethod.POST,
        uri + "/Actions/Aggregate.SetDefaultBootOrder").bearerTokenAuthentication(token),
      new JsonObject().put("BatchSize", 1));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    List<JsonObject> events = trail.next(7);
    assertEquals(List.of("login.succeeded", "device.created", "aggregate.created", "aggregate.elements-added",
        "aggregate.elements-removed", "aggregation.batch", "device.request"),
      events.stream().map(event -> event.getString("event")).toList());
    JsonObject aggregate = events.get(2);
    assertEquals("admin", aggregate.getString("user"));
    assertEquals(id, aggregate.getString("aggregate"));
    assertEquals(new JsonArray().add("Elements").add("Name"), aggregate.getJsonArray("fields"));
    assertEquals(1, aggregate.getInteger("elements"));
    assertEquals(created.getHeader("X-Request-Id"), aggregate.getString("requestId"));
    for (JsonObject changed : events.subList(3, 5)) {
      assertEquals(id, changed.getString("aggregate"));
      assertEquals(2, changed.getInteger("elements"), changed.encode());
      assertEquals(new JsonArray().add("Elements"), changed.getJsonArray("fields"));
    }
    JsonObject batch = events.get(5);
    assertEquals("Aggregate.SetDefaultBootOrder", batch.getString("action"));
    assertEquals(new JsonObject().put("BatchSize", 1), batch.getJsonObject("parameters"));
    assertEquals(new JsonArray().add(uri + "/Actions/Aggregate.SetDefaultBootOrder"), batch.getJsonArray("targets"));
    JsonObject sent = events.get(6);
    assertEquals(batch.getString("task"), sent.getString("task"));
    assertEquals("/redfish/v1/Systems/1/Actions/ComputerSystem.SetDefaultBootOrder", sent.getString("path"));
    assertEquals(2, sent.getInteger("bmcStatus") / 100, sent.encode());

    assertEquals(204, gateway.send(gateway.request(HttpMethod.DELETE, uri).bearerTokenAuthentication(token))
      .statusCode());
    JsonObject deleted = trail.next(1).get(0);
    assertEquals("aggregate.deleted", deleted.getString("event"));
    assertEquals(id, deleted.getString("aggregate"));
    assertEquals("admin", deleted.getString("user"));
    assertNoSecret(token);
  }

  @Test
  void usersAndDevicesChangedAndDeletedNameTheFieldsNeverTheirValues() {
    String token = gateway.adminToken();
    assertEquals(201, gateway.send(gateway.request(HttpMethod.POST, "/admin/users").bearerTokenAuthentication(token),
      new JsonObject().put("login", "olga").put("password", "olgas-long-password").put("tenant", "acme")
        .put("roles", new JsonArray().add("operator"))).statusCode());
    assertEquals(200, gateway.send(gateway.request(HttpMethod.PATCH, "/admin/users/olga").bearerTokenAuthentication(token),
      new JsonObject().put("password", "olgas-newer-password")).statusCode());
    assertEquals(204, gateway.send(gateway.request(HttpMethod.DELETE, "/admin/users/olga").bearerTokenAuthentication(token))
      .statusCode());
    assertEquals(201, createDevice(token, "changing").statusCode());
    assertEquals(200, gateway.send(gateway.request(HttpMethod.PATCH, "/admin/devices/changing").bearerTokenAuthentication(token),
      new JsonObject().put("credentials", new JsonObject().put("username", "root").put("password", BMC_PASSWORD)))
      .statusCode());
    assertEquals(204, gateway.send(gateway.request(HttpMethod.DELETE, "/admin/devices/changing").bearerTokenAuthentication(token))
      .statusCode());
    List<JsonObject> events = trail.next(7);
    assertEquals(List.of("login.succeeded", "user.created", "user.updated", "user.deleted", "device.created",
        "device.updated", "device.deleted"), events.stream().map(event -> event.getString("event")).toList());
    assertEquals("olga", events.get(1).getString("subject"));
    assertEquals(new JsonArray().add("login").add("password").add("roles").add("tenant"), events.get(1).getJsonArray("fields"));
    assertEquals(new JsonArray().add("password"), events.get(2).getJsonArray("fields"));
    assertEquals("olga", events.get(3).getString("subject"));
    assertEquals(new JsonArray().add("credentials"), events.get(5).getJsonArray("fields"));
    assertEquals("changing", events.get(6).getString("device"));
    assertFalse(trail.text().contains("olgas-"), "no user password");
    assertNoSecret(token);
  }

  @Test
  void loginsOfEveryApiLockoutsLogoutsAndRevocations() {
    // Sessions controller: two wrong passwords lock the login (max-failed-logins: 2).
    for (int attempt = 0; attempt < 2; attempt++) {
      assertEquals(401, gateway.send(gateway.request(HttpMethod.POST, "/api/session/login"),
        new JsonObject().put("login", "admin").put("password", "wrong-" + attempt)).statusCode());
    }
    List<JsonObject> locking = trail.next(3);
    // The lockout is written as the second failure is counted, just before that failure's own event.
    assertEquals(List.of("login.failed", "login.locked-out", "login.failed"),
      locking.stream().map(event -> event.getString("event")).toList());
    assertEquals("sessions", locking.get(1).getString("api"));
    assertEquals("admin", locking.get(1).getString("user"));
    assertNotNull(locking.get(1).getString("lockedUntil"));
    assertEquals(locking.get(2).getString("requestId"), locking.get(1).getString("requestId"));

    // Redfish: a session opened and deleted by its owner is a login and a logout; one deleted by an admin a revocation.
    String redfishToken = redfishLogin(TestGateway.ADMIN_PASSWORD);
    HttpResponse<Buffer> second = gateway.send(gateway.request(HttpMethod.POST, "/redfish/v1/SessionService/Sessions"),
      new JsonObject().put("UserName", "admin").put("Password", TestGateway.ADMIN_PASSWORD));
    String otherSession = second.getHeader("Location");
    assertEquals(204, gateway.send(gateway.request(HttpMethod.DELETE, otherSession).putHeader("X-Auth-Token", redfishToken))
      .statusCode());
    String ownSession = gateway.send(gateway.request(HttpMethod.GET, "/redfish/v1/SessionService/Sessions")
      .putHeader("X-Auth-Token", redfishToken)).bodyAsJsonObject().getJsonArray("Members").getJsonObject(0)
      .getString("@odata.id");
    assertEquals(204, gateway.send(gateway.request(HttpMethod.DELETE, ownSession).putHeader("X-Auth-Token", redfishToken))
      .statusCode());
    assertEquals(401, gateway.send(gateway.request(HttpMethod.POST, "/redfish/v1/SessionService/Sessions"),
      new JsonObject().put("UserName", "nobody").put("Password", "wrong")).statusCode());
    List<JsonObject> redfish = trail.next(5);
    assertEquals(List.of("login.succeeded", "login.succeeded", "session.revoked", "logout", "login.failed"),
      redfish.stream().map(event -> event.getString("event")).toList());
    assertEquals("redfish", redfish.get(2).getString("api"));
    assertEquals(otherSession.substring(otherSession.lastIndexOf('/') + 1), redfish.get(2).getString("session"));
    assertEquals("nobody", redfish.get(4).getString("user"));

    // Symphony (HTTP Basic at /auth/login) and Keystone.
    assertEquals(401, gateway.send(gateway.request(HttpMethod.POST, "/platform/rest/symrest/v1/auth/login")
      .basicAuthentication("admin", "wrong")).statusCode());
    assertEquals(200, gateway.send(gateway.request(HttpMethod.POST, "/platform/rest/symrest/v1/auth/login")
      .basicAuthentication("admin", TestGateway.ADMIN_PASSWORD)).statusCode() / 100 * 100);
    assertEquals(401, gateway.send(gateway.request(HttpMethod.POST, "/identity/v3/auth/tokens"), new JsonObject()
      .put("auth", new JsonObject().put("identity", new JsonObject().put("methods", new JsonArray().add("password"))
        .put("password", new JsonObject().put("user", new JsonObject().put("name", "admin")
          .put("domain", new JsonObject().put("id", "default")).put("password", "wrong")))))).statusCode());
    List<JsonObject> others = trail.next(3);
    assertEquals(List.of("symphony:login.failed", "symphony:login.succeeded", "keystone:login.failed"),
      others.stream().map(event -> event.getString("api") + ":" + event.getString("event")).toList());
    assertEquals("admin", others.get(0).getString("user"));
    assertNoSecret(redfishToken);
    assertFalse(trail.text().contains("wrong"), "no attempted password");
  }

  @Test
  void theClassesOfEventsAndTheTargetAreConfigurable() throws Exception {
    Path onlyLogins = Files.createTempDirectory("sessiongate-audit-").resolve("audit.log");
    try (TestGateway logins = TestGateway.inMemory(Map.of("audit.file", onlyLogins.toString(), "audit.events", "login"))) {
      String token = logins.adminToken();
      assertEquals(201, logins.send(logins.request(HttpMethod.POST, "/admin/users").bearerTokenAuthentication(token),
        new JsonObject().put("login", "ivan").put("password", "ivans-long-password").put("tenant", "acme")).statusCode());
      assertEquals(List.of("login.succeeded"), new AuditTrail(onlyLogins).next(1).stream()
        .map(event -> event.getString("event")).toList());
    }
    Path off = Files.createTempDirectory("sessiongate-audit-").resolve("audit.log");
    try (TestGateway silent = TestGateway.inMemory(Map.of("audit.file", off.toString(), "audit.target", "off"))) {
      silent.adminToken();
    }
    assertFalse(Files.exists(off));
    Throwable refused = io.sessiongate.testing.Await.failure(io.vertx.core.Future.future(promise -> {
      try {
        promise.complete(TestGateway.inMemory(Map.of("audit.events", "login,everything")));
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    }));
    assertTrue(refused.getMessage().contains("audit.events"), refused.getMessage());
  }

  private HttpResponse<Buffer> createDevice(String token, String id) {
    return gateway.send(gateway.request(HttpMethod.POST, "/admin/devices").bearerTokenAuthentication(token),
      new JsonObject().put("id", id).put("address", "http://127.0.0.1:" + bmcPort)
        .put("tls", new JsonObject().put("mode", "insecure"))
        .put("credentials", new JsonObject().put("username", "root").put("password", BMC_PASSWORD)));
  }

  private String redfishLogin(String password) {
    HttpResponse<Buffer> created = gateway.send(gateway.request(HttpMethod.POST, "/redfish/v1/SessionService/Sessions"),
      new JsonObject().put("UserName", "admin").put("Password", password));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.getHeader("X-Auth-Token");
  }

  private void assertNoSecret(String token) {
    String text = trail.text();
    assertFalse(text.contains(TestGateway.ADMIN_PASSWORD), "no admin password");
    assertFalse(text.contains(BMC_PASSWORD), "no BMC password");
    assertFalse(text.contains(token), "no token");
    assertFalse(text.contains(token.substring(token.lastIndexOf('.') + 1)), "not even a token's signature");
  }
}
