package io.sessiongate.aggregation;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.sessiongate.redfish.RedfishMessages;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merged collections and their members, over real simulated BMCs on loopback, on both stores. */
abstract class AggregationContract extends GatewayPerTestClass {
  private static final int TIMEOUT_MS = 1500;
  private static Vertx bmcs;

  @BeforeAll
  static void startVertx() {
    bmcs = Vertx.vertx();
  }

  /** A simulated BMC of its own for each device a test registers; its deployment id, by its port. */
  private static final Map<Integer, String> deployments = new java.util.concurrent.ConcurrentHashMap<>();

  static int startBmc() {
    SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4, 1,
      60, false));
    String id = await(bmcs.deployVerticle(bmc));
    deployments.put(bmc.actualPort(), id);
    return bmc.actualPort();
  }

  @AfterAll
  static void stopBmcs() {
    await(bmcs.close());
  }

  private HttpResponse<Buffer> get(String uri) {
    return get(uri, gateway().adminToken());
  }

  HttpResponse<Buffer> get(String uri, String token) {
    return gateway().send(gateway().request(HttpMethod.GET, uri).bearerTokenAuthentication(token));
  }

  void register(String id, int port, String... tenants) {
    JsonObject device = new JsonObject().put("id", id).put("address", "http://127.0.0.1:" + port)
      .put("tenants", new JsonArray(List.of(tenants)))
      .put("tls", new JsonObject().put("mode", "insecure"))
      .put("credentials", new JsonObject().put("username", "root").put("password", "calvin"))
      .put("maxSessions", 2).put("timeoutMs", TIMEOUT_MS);
    HttpResponse<Buffer> created = gateway().send(gateway().request(HttpMethod.POST, "/admin/devices")
      .bearerTokenAuthentication(gateway().adminToken()), device);
    assertEquals(201, created.statusCode(), created.bodyAsString());
  }

  private static List<String> members(HttpResponse<Buffer> collection) {
    assertEquals(200, collection.statusCode(), collection.bodyAsString());
    JsonArray members = collection.bodyAsJsonObject().getJsonArray("Members");
    assertEquals(members.size(), collection.bodyAsJsonObject().getInteger("Members@odata.count"));
    return members.stream().map(m -> ((JsonObject) m).getString("@odata.id")).sorted().toList();
  }

  @Test
  void threeBmcsAreOneServiceAndAStoppedOneIsNamedWhileTheOthersAreListed() {
    // The fleet of this test is tenant t-fleet's: a user of it sees these three devices and no other test's.
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports.add(startBmc());
      register("agg-" + i, ports.get(i), "t-fleet");
    }
    String fleet = userOf("agg-user-fleet", "t-fleet");
    HttpResponse<Buffer> root = gateway().send(gateway().request(HttpMethod.GET, "/redfish/v1/"));
    assertEquals("/redfish/v1/Systems", root.bodyAsJsonObject().getJsonObject("Systems").getString("@odata.id"));
    assertEquals("/redfish/v1/Managers", root.bodyAsJsonObject().getJsonObject("Managers").getString("@odata.id"));
    for (String collection : MemberUris.COLLECTIONS) {
      assertEquals("/redfish/v1/" + collection, root.bodyAsJsonObject().getJsonObject(collection).getString("@odata.id"));
    }

    List<String> systems = members(get("/redfish/v1/Systems", fleet));
    assertEquals(List.of("/redfish/v1/Systems/agg-0_1", "/redfish/v1/Systems/agg-1_1", "/redfish/v1/Systems/agg-2_1"),
      systems);
    for (String system : systems) {
      HttpResponse<Buffer> member = get(system, fleet);
      assertEquals(200, member.statusCode(), member.bodyAsString());
      JsonObject body = member.bodyAsJsonObject();
      assertEquals("On", body.getString("PowerState"));
      assertEquals(system, body.getString("@odata.id"), "the member's own URI is the gateway's");
      assertEquals(system.substring(system.lastIndexOf('/') + 1), body.getString("Id"), "its Id, its URI's last segment");
      String device = system.substring(system.lastIndexOf('/') + 1, system.indexOf('_'));
      assertEquals("/redfish/v1/Chassis/" + device + "_1",
        body.getJsonObject("Links").getJsonArray("Chassis").getJsonObject(0).getString("@odata.id"));
      assertEquals(system + "/Actions/ComputerSystem.Reset",
        body.getJsonObject("Actions").getJsonObject("#ComputerSystem.Reset").getString("target"));
    }
    assertEquals(3, members(get("/redfish/v1/Managers", fleet)).size());
    assertEquals(List.of("/redfish/v1/Chassis/agg-0_1", "/redfish/v1/Chassis/agg-1_1", "/redfish/v1/Chassis/agg-2_1"),
      members(get("/redfish/v1/Chassis", fleet)));
    assertEquals(List.of("/redfish/v1/Fabrics/agg-0_1", "/redfish/v1/Fabrics/agg-1_1", "/redfish/v1/Fabrics/agg-2_1"),
      members(get("/redfish/v1/Fabrics", fleet)), "a collection beyond Systems, Managers and Chassis is merged too");
    HttpResponse<Buffer> fabric = get("/redfish/v1/Fabrics/agg-1_1", fleet);
    assertEquals(200, fabric.statusCode(), fabric.bodyAsString());
    assertEquals("/redfish/v1/Fabrics/agg-1_1", fabric.bodyAsJsonObject().getString("@odata.id"));
    assertEquals("agg-1_1", fabric.bodyAsJsonObject().getString("Id"));
    assertEquals("PCIe", fabric.bodyAsJsonObject().getString("FabricType"));
    HttpResponse<Buffer> facilities = get("/redfish/v1/Facilities", fleet);
    assertEquals(List.of(), members(facilities), "bmc-sim has no Facilities");
    assertEquals(null, facilities.bodyAsJsonObject().getValue("@Message.ExtendedInfo"),
      "a BMC without the collection (its 404) is not a BMC that failed: " + facilities.bodyAsString());
    assertEquals("#FacilityCollection.FacilityCollection", facilities.bodyAsJsonObject().getString("@odata.type"));
    assertEquals(404, get("/redfish/v1/Systems/agg-0_7", fleet).statusCode(), "the BMC's own 404 comes through");
    HttpResponse<Buffer> reset = gateway().send(gateway().request(HttpMethod.POST,
      "/redfish/v1/Systems/agg-0_1/Actions/ComputerSystem.Reset").bearerTokenAuthentication(fleet),
      new JsonObject().put("ResetType", "GracefulRestart"));
    assertEquals(204, reset.statusCode(), reset.bodyAsString());
    assertEquals("GracefulRestart", simStats(ports.get(0)).getJsonArray("resets").getJsonObject(0).getString("ResetType"),
      "a write below a member reaches its BMC");
    assertEquals(404, get("/redfish/v1/Systems/nobody_1", fleet).statusCode());
    assertEquals(401, gateway().send(gateway().request(HttpMethod.GET, "/redfish/v1/Systems/agg-0_1")).statusCode());
    assertEquals(401, gateway().send(gateway().request(HttpMethod.GET, "/redfish/v1/Systems")).statusCode());

    await(bmcs.undeploy(deployments.remove(ports.get(2))));
    long started = System.nanoTime();
    HttpResponse<Buffer> partial = get("/redfish/v1/Systems", fleet);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(List.of("/redfish/v1/Systems/agg-0_1", "/redfish/v1/Systems/agg-1_1"), members(partial));
    assertTrue(tookMillis < TIMEOUT_MS + 500, "took " + tookMillis + " ms");
    JsonArray info = partial.bodyAsJsonObject().getJsonArray("@Message.ExtendedInfo");
    RedfishMessages.assertRegistryMessages(partial.bodyAsJsonObject());
    assertEquals(1, info.size(), partial.bodyAsString());
    JsonObject leftOut = info.getJsonObject(0);
    assertEquals("Base.1.18.CouldNotEstablishConnection", leftOut.getString("MessageId"));
    assertEquals("/bmc/agg-2/redfish/v1/Systems", leftOut.getJsonArray("MessageArgs").getString(0));
    assertTrue(leftOut.getString("Message").contains("agg-2"), leftOut.encode());
  }

  String userOf(String login, String tenant) {
    JsonObject user = new JsonObject().put("login", login).put("password", "password-of-" + login).put("tenant", tenant)
      .put("roles", new JsonArray().add("operator"));
    HttpResponse<Buffer> created = gateway().send(gateway().request(HttpMethod.POST, "/admin/users")
      .bearerTokenAuthentication(gateway().adminToken()), user);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return gateway().token(login, "password-of-" + login);
  }

  @Test
  void aTenantsUserSeesAndReachesOnlyItsTenantsDevices() {
    register("ten-a", startBmc(), "t1");
    register("ten-b", startBmc(), "t1", "t2");
    register("ten-c", startBmc(), "t2");
    register("ten-d", startBmc());
    HttpResponse<Buffer> shown = gateway().send(gateway().request(HttpMethod.GET, "/admin/devices/ten-b")
      .bearerTokenAuthentication(gateway().adminToken()));
    assertEquals(List.of("t1", "t2"), shown.bodyAsJsonObject().getJsonArray("tenants").getList(),
      "the store keeps the tenants");
    String t1 = userOf("agg-user-t1", "t1");
    for (String collection : List.of("Systems", "Managers", "Chassis", "Fabrics")) {
      List<String> seen = members(get("/redfish/v1/" + collection, t1)).stream()
        .filter(uri -> uri.contains("/ten-")).toList();
      assertEquals(List.of("/redfish/v1/" + collection + "/ten-a_1", "/redfish/v1/" + collection + "/ten-b_1"), seen);
    }
    assertEquals(200, get("/redfish/v1/Systems/ten-a_1", t1).statusCode());
    HttpResponse<Buffer> other = get("/redfish/v1/Systems/ten-c_1", t1);
    HttpResponse<Buffer> nobodys = get("/redfish/v1/Systems/ten-d_1/Bios", t1);
    HttpResponse<Buffer> unknown = get("/redfish/v1/Systems/ten-zz_1", t1);
    for (HttpResponse<Buffer> hidden : List.of(other, nobodys, unknown)) {
      assertEquals(404, hidden.statusCode(), hidden.bodyAsString());
      assertEquals("Base.1.18.ResourceMissingAtURI", hidden.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }
    assertEquals(other.bodyAsString().replace("ten-c", "X"), unknown.bodyAsString().replace("ten-zz", "X"),
      "an invisible device and an unknown one look the same");
    List<String> all = members(get("/redfish/v1/Systems")).stream().filter(uri -> uri.contains("/ten-")).toList();
    assertEquals(4, all.size(), "an admin sees every device: " + all);
    HttpResponse<Buffer> moved = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/devices/ten-c")
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject().put("tenants", new JsonArray().add("t1")));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    // Every node drops its cached registration on the change notice; until then the old one answers.
    long giveUpAt = System.currentTimeMillis() + 10_000;
    while (get("/redfish/v1/Systems/ten-c_1", t1).statusCode() != 200) {
      assertTrue(System.currentTimeMillis() < giveUpAt, "the new tenants never took effect");
    }
    HttpResponse<Buffer> badTenants = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/devices/ten-c")
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject().put("tenants", "t1"));
    assertEquals(400, badTenants.statusCode(), badTenants.bodyAsString());
  }

  private HttpResponse<Buffer> postSource(String token, JsonObject body) {
    return gateway().send(gateway().request(HttpMethod.POST, "/redfish/v1/AggregationService/AggregationSources")
      .bearerTokenAuthentication(token), body);
  }

  private static JsonObject source(int port, String connectionMethod, JsonObject oem) {
    JsonObject body = new JsonObject().put("HostName", "http://127.0.0.1:" + port).put("UserName", "root")
      .put("Password", "calvin").put("Links", new JsonObject().put("ConnectionMethod", new JsonObject()
        .put("@odata.id", "/redfish/v1/AggregationService/ConnectionMethods/" + connectionMethod)));
    return oem == null ? body : body.put("Oem", new JsonObject().put("SessionGate", oem));
  }

  @Test
  void aggregationSourcesAreTheDeviceRegistryTheRedfishWay() {
    String admin = gateway().adminToken();
    JsonObject service = get("/redfish/v1/AggregationService").bodyAsJsonObject();
    assertEquals("/redfish/v1/AggregationService/AggregationSources",
      service.getJsonObject("AggregationSources").getString("@odata.id"));
    assertEquals("/redfish/v1/AggregationService",
      get("/redfish/v1/").bodyAsJsonObject().getJsonObject("AggregationService").getString("@odata.id"));
    List<String> methods = members(get("/redfish/v1/AggregationService/ConnectionMethods"));
    assertEquals(4, methods.size(), methods.toString());
    for (String method : methods) {
      JsonObject shown = get(method).bodyAsJsonObject();
      assertEquals("Redfish", shown.getString("ConnectionMethodType"), shown.encode());
    }
    assertEquals(404, get("/redfish/v1/AggregationService/ConnectionMethods/Telnet").statusCode());

    int port = startBmc();
    String id = "127-0-0-1-" + port;
    JsonObject oem = new JsonObject().put("TlsMode", "insecure").put("Tenants", new JsonArray().add("t-src"));
    HttpResponse<Buffer> created = postSource(admin, source(port, "RedfishSession", oem));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String uri = "/redfish/v1/AggregationService/AggregationSources/" + id;
    assertEquals(uri, created.getHeader("Location"));
    assertEquals("GET, POST", get("/redfish/v1/AggregationService/AggregationSources").getHeader("Allow"));
    assertEquals("GET, DELETE", get(uri).getHeader("Allow"));
    JsonObject body = created.bodyAsJsonObject();
    assertEquals(id, body.getString("Id"));
    assertEquals("http://127.0.0.1:" + port, body.getString("HostName"));
    assertTrue(body.containsKey("Password") && body.getValue("Password") == null, body.encode());
    assertTrue(!created.bodyAsString().contains("calvin"));
    assertEquals("/redfish/v1/AggregationService/ConnectionMethods/RedfishSession",
      body.getJsonObject("Links").getJsonObject("ConnectionMethod").getString("@odata.id"));

    JsonObject registered = get("/admin/devices/" + id).bodyAsJsonObject();
    assertEquals("session", registered.getString("auth"), "one registry: /admin/devices shows the source");
    assertEquals(List.of("t-src"), registered.getJsonArray("tenants").getList());
    String user = userOf("agg-user-src", "t-src");
    assertEquals(List.of(uri), members(get("/redfish/v1/AggregationService/AggregationSources", user)));
    assertEquals(List.of("/redfish/v1/Systems/" + id + "_1"), members(get("/redfish/v1/Systems", user)));
    assertEquals("On", get("/redfish/v1/Systems/" + id + "_1", user).bodyAsJsonObject().getString("PowerState"));
    String stranger = userOf("agg-user-other", "t-other");
    assertEquals(404, get(uri, stranger).statusCode());
    assertEquals(List.of(), members(get("/redfish/v1/AggregationService/AggregationSources", stranger)));

    HttpResponse<Buffer> again = postSource(admin, source(port, "RedfishSession", oem));
    assertEquals(409, again.statusCode(), again.bodyAsString());
    assertEquals("Base.1.18.ResourceAlreadyExists", again.bodyAsJsonObject().getJsonObject("error").getString("code"));
    RedfishMessages.assertRegistryMessages(again.bodyAsJsonObject());
    assertEquals(403, postSource(user, source(port + 1, "RedfishSession", oem)).statusCode());
    HttpResponse<Buffer> clearText = postSource(admin, source(port, "RedfishAuto", null));
    assertEquals(400, clearText.statusCode(), clearText.bodyAsString());
    assertTrue(clearText.bodyAsString().contains("#/HostName"), clearText.bodyAsString());
    HttpResponse<Buffer> noSuchMethod = postSource(admin, source(port, "Telnet", oem));
    assertEquals(400, noSuchMethod.statusCode(), noSuchMethod.bodyAsString());
    assertTrue(noSuchMethod.bodyAsString().contains("#/Links/ConnectionMethod"), noSuchMethod.bodyAsString());
    HttpResponse<Buffer> missing = postSource(admin, source(port, "RedfishAuto", oem).put("Password", (String) null));
    assertEquals(400, missing.statusCode(), missing.bodyAsString());

    assertEquals(403, gateway().send(gateway().request(HttpMethod.DELETE, uri).bearerTokenAuthentication(user))
      .statusCode());
    HttpResponse<Buffer> deleted = gateway().send(gateway().request(HttpMethod.DELETE, uri).bearerTokenAuthentication(admin));
    assertEquals(204, deleted.statusCode(), deleted.bodyAsString());
    assertEquals(404, get(uri).statusCode());
    assertEquals(404, get("/admin/devices/" + id).statusCode());
    assertEquals(List.of(), members(get("/redfish/v1/Systems", user)));
    assertEquals(404, gateway().send(gateway().request(HttpMethod.DELETE, uri).bearerTokenAuthentication(admin))
      .statusCode());
  }

  static JsonObject simStats(int port) {
    return await(io.vertx.ext.web.client.WebClient.create(bmcs).get(port, "127.0.0.1", "/sim/stats").send())
      .bodyAsJsonObject();
  }

  /** Follows the task monitor until it answers 200 (the task is over); the task then. */
  JsonObject awaitTask(String monitor, String token) throws InterruptedException {
    long giveUpAt = System.currentTimeMillis() + 20_000;
    while (true) {
      HttpResponse<Buffer> seen = get(monitor, token);
      if (seen.statusCode() == 200) {
        return seen.bodyAsJsonObject();
      }
      assertEquals(202, seen.statusCode(), seen.bodyAsString());
      assertEquals("Running", seen.bodyAsJsonObject().getString("TaskState"));
      assertTrue(System.currentTimeMillis() < giveUpAt, "the task never ended: " + seen.bodyAsString());
      Await.pause(100);
    }
  }

  /** The task of a batch action accepted (202 and its monitor), followed until it completed with no failure. */
  JsonObject succeeded(HttpResponse<Buffer> accepted, String token) throws InterruptedException {
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    String monitor = accepted.getHeader("Location");
    assertTrue(monitor.startsWith("/redfish/v1/TaskService/TaskMonitors/"), monitor);
    JsonObject task = awaitTask(monitor, token);
    assertEquals("Completed", task.getString("TaskState"), task.encode());
    assertEquals("OK", task.getString("TaskStatus"), task.encode());
    return task;
  }

  /** When three BMCs got a batch action of BatchSize 2, delay 1 s: the first two together, the third a second on. */
  private static void assertTwoThenOneASecondLater(long[] at) {
    long firstBatchEnd = Math.max(at[0], at[1]);
    assertTrue(Math.abs(at[0] - at[1]) < 900, "the first batch went together: " + at[0] + " " + at[1]);
    assertTrue(at[2] - firstBatchEnd >= 1000, "the second batch waited a second: " + (at[2] - firstBatchEnd) + " ms");
  }

  private HttpResponse<Buffer> reset(String token, JsonObject body) {
    return gateway().send(gateway().request(HttpMethod.POST,
      "/redfish/v1/AggregationService/Actions/AggregationService.Reset").bearerTokenAuthentication(token), body);
  }

  @Test
  void aResetOfThreeSystemsRunsInBatchesAsATaskAndNamesTheDeviceThatFailed() throws Exception {
    List<Integer> ports = new ArrayList<>();
    JsonArray targets = new JsonArray();
    for (int i = 0; i < 3; i++) {
      ports.add(startBmc());
      register("batch-" + i, ports.get(i), "t-batch");
      targets.add("/redfish/v1/Systems/batch-" + i + "_1");
    }
    String operator = userOf("agg-user-batch", "t-batch");
    JsonObject body = new JsonObject().put("TargetURIs", targets).put("ResetType", "ForceRestart").put("BatchSize", 2)
      .put("DelayBetweenBatchesInSeconds", 1);
    HttpResponse<Buffer> accepted = reset(operator, body);
    String monitor = accepted.getHeader("Location");
    JsonObject task = succeeded(accepted, operator);
    assertEquals(100, task.getInteger("PercentComplete"));
    assertTrue(task.getString("EndTime") != null && task.getString("StartTime") != null);
    JsonArray messages = task.getJsonArray("Messages");
    assertEquals(3, messages.size(), task.encode());
    messages.forEach(m -> assertEquals("Base.1.18.Success", ((JsonObject) m).getString("MessageId"), task.encode()));
    HttpResponse<Buffer> shown = get(task.getString("@odata.id"), operator);
    assertEquals(200, shown.statusCode(), shown.bodyAsString());
    assertTrue(members(get("/redfish/v1/TaskService/Tasks", operator)).contains(task.getString("@odata.id")));

    long[] at = new long[3];
    for (int i = 0; i < 3; i++) {
      JsonArray resets = simStats(ports.get(i)).getJsonArray("resets");
      assertEquals(1, resets.size(), "bmc " + i + ": " + resets.encode());
      assertEquals("ForceRestart", resets.getJsonObject(0).getString("ResetType"));
      at[i] = resets.getJsonObject(0).getLong("at");
    }
    assertTwoThenOneASecondLater(at);

    String stranger = userOf("agg-user-batch-other", "t-other-batch");
    assertEquals(404, get(monitor, stranger).statusCode(), "a task is its starter's");
    String reader = gateway().send(gateway().request(HttpMethod.POST, "/admin/users")
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject().put("login", "agg-reader")
      .put("password", "password-of-agg-reader").put("tenant", "t-batch")).statusCode() == 201
      ? gateway().token("agg-reader", "password-of-agg-reader") : null;
    assertEquals(403, reset(reader, body).statusCode(), "resetting needs the operator role");
    assertEquals(400, reset(operator, body.copy().put("BatchSize", 0)).statusCode());

    await(bmcs.undeploy(deployments.remove(ports.get(1))));
    JsonArray withOthers = targets.copy().add("/redfish/v1/Systems/ten-zz_1");
    JsonObject partial = awaitTask(reset(operator, body.copy().put("TargetURIs", withOthers)
      .put("DelayBetweenBatchesInSeconds", 0)).getHeader("Location"), operator);
    assertEquals("Completed", partial.getString("TaskState"));
    assertEquals("Critical", partial.getString("TaskStatus"));
    List<String> ids = partial.getJsonArray("Messages").stream().map(m -> ((JsonObject) m).getString("MessageId"))
      .sorted().toList();
    assertEquals(List.of("Base.1.18.CouldNotEstablishConnection", "Base.1.18.ResourceNotFound", "Base.1.18.Success",
      "Base.1.18.Success"), ids, partial.encode());
    partial.getJsonArray("Messages").forEach(message -> RedfishMessages.assertRegistryMessage((JsonObject) message));
    JsonObject failed = partial.getJsonArray("Messages").stream().map(JsonObject.class::cast)
      .filter(m -> m.getString("MessageId").endsWith("CouldNotEstablishConnection")).findFirst().orElseThrow();
    assertTrue(failed.getString("Message").contains("batch-1"), failed.encode());
    assertEquals("/redfish/v1/Systems/batch-1_1", failed.getJsonArray("MessageArgs").getString(0));
  }

  @Test
  void aTaskIsReadFromTheStoreAsItProgressesBatchByBatch() throws Exception {
    JsonArray targets = new JsonArray();
    for (int i = 0; i < 3; i++) {
      register("progress-" + i, startBmc(), "t-progress");
      targets.add("/redfish/v1/Systems/progress-" + i + "_1");
    }
    String operator = userOf("agg-user-progress", "t-progress");
    HttpResponse<Buffer> accepted = reset(operator, new JsonObject().put("TargetURIs", targets).put("ResetType", "ForceOn")
      .put("BatchSize", 1).put("DelayBetweenBatchesInSeconds", 2));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    String monitor = accepted.getHeader("Location");
    String task = monitor.replace("/TaskMonitors/", "/Tasks/");
    // The first batch's outcome is written before the second batch starts two seconds later.
    long giveUpAt = System.currentTimeMillis() + 1_800;
    JsonObject seen;
    do {
      seen = get(task, operator).bodyAsJsonObject();
      Await.pause(50);
    } while (seen.getJsonArray("Messages").isEmpty() && System.currentTimeMillis() < giveUpAt);
    assertEquals("Running", seen.getString("TaskState"), seen.encode());
    assertEquals(33, seen.getInteger("PercentComplete"), seen.encode());
    assertEquals(1, seen.getJsonArray("Messages").size(), seen.encode());
    assertTrue(seen.getJsonArray("Messages").getJsonObject(0).getString("Resolution").contains("progress-0_1"),
      seen.encode());
    JsonObject ended = awaitTask(monitor, operator);
    assertEquals("Completed", ended.getString("TaskState"));
    List<String> resolutions = ended.getJsonArray("Messages").stream()
      .map(m -> ((JsonObject) m).getString("Resolution")).toList();
    for (int i = 0; i < 3; i++) {
      assertTrue(resolutions.get(i).contains("progress-" + i + "_1"), "in target order: " + resolutions);
    }
    assertEquals(200, get(task, gateway().adminToken()).statusCode(), "an admin reads any task");
  }

  @Test
  void aBmcThatNeverAnswersIsLeftOutAtItsTimeout() {
    int answering = startBmc();
    // Accepts connections and never answers: the login, and so the read, would wait for the device's timeouts.
    int mute = await(bmcs.createNetServer().connectHandler(socket -> socket.handler(data -> { }))
      .listen(0, "127.0.0.1")).actualPort();
    register("slow-a", answering, "t-slow");
    register("slow-b", mute, "t-slow");
    String user = userOf("agg-user-slow", "t-slow");
    long started = System.nanoTime();
    HttpResponse<Buffer> merged = get("/redfish/v1/Systems", user);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(List.of("/redfish/v1/Systems/slow-a_1"), members(merged));
    // Within the device's timeout (the probe of the auto device, started at its registration, may end it sooner).
    assertTrue(tookMillis < TIMEOUT_MS + 700, "took " + tookMillis + " ms");
    JsonObject leftOut = merged.bodyAsJsonObject().getJsonArray("@Message.ExtendedInfo").getJsonObject(0);
    assertEquals("/bmc/slow-b/redfish/v1/Systems", leftOut.getJsonArray("MessageArgs").getString(0));
    assertTrue(leftOut.getString("Message").contains("slow-b"), leftOut.encode());
  }

  private static final String AGGREGATES = "/redfish/v1/AggregationService/Aggregates";

  private HttpResponse<Buffer> post(String uri, String token, JsonObject body) {
    return gateway().send(gateway().request(HttpMethod.POST, uri).bearerTokenAuthentication(token), body);
  }

  private static JsonObject elements(String... uris) {
    JsonArray links = new JsonArray();
    for (String uri : uris) {
      links.add(new JsonObject().put("@odata.id", uri));
    }
    return new JsonObject().put("Elements", links);
  }

  private static List<String> elementsOf(JsonObject aggregate) {
    List<String> uris = aggregate.getJsonArray("Elements").stream()
      .map(e -> ((JsonObject) e).getString("@odata.id")).toList();
    assertEquals(uris.size(), aggregate.getInteger("ElementsCount"), aggregate.encode());
    return uris;
  }

  /** A 400 in the Redfish format naming {@code element} as the incorrect value of Elements. */
  private static void assertIncorrectElement(HttpResponse<Buffer> refused, String element) {
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
    assertEquals("Base.1.18.PropertyValueIncorrect", error.getString("code"), refused.bodyAsString());
    RedfishMessages.assertRegistryMessages(refused.bodyAsJsonObject());
    JsonObject message = error.getJsonArray("@Message.ExtendedInfo").getJsonObject(0);
    assertEquals(List.of("Elements", element), message.getJsonArray("MessageArgs").getList(), refused.bodyAsString());
  }

  @Test
  void anAggregateIsATenantsNamedSetOfMembersItMaySee() {
    register("set-a", startBmc(), "t-set");
    register("set-b", startBmc(), "t-set");
    register("set-x", startBmc(), "t-set-other");
    String user = userOf("agg-user-set", "t-set");
    String other = userOf("agg-user-set-other", "t-set-other");
    assertEquals(AGGREGATES, get("/redfish/v1/AggregationService", user).bodyAsJsonObject()
      .getJsonObject("Aggregates").getString("@odata.id"));

    HttpResponse<Buffer> created = post(AGGREGATES, user, elements("/redfish/v1/Systems/set-a_1",
      "/redfish/v1/Chassis/set-a_1").put("Name", "rack 1"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String uri = created.getHeader("Location");
    JsonObject aggregate = created.bodyAsJsonObject();
    assertEquals(uri, aggregate.getString("@odata.id"));
    assertTrue(aggregate.getString("@odata.type").startsWith("#Aggregate.v1_0_"), aggregate.encode());
    assertEquals("rack 1", aggregate.getString("Name"));
    assertEquals(List.of("/redfish/v1/Systems/set-a_1", "/redfish/v1/Chassis/set-a_1"), elementsOf(aggregate));
    assertEquals(uri + "/Actions/Aggregate.Reset",
      aggregate.getJsonObject("Actions").getJsonObject("#Aggregate.Reset").getString("target"));
    assertEquals(aggregate, get(uri, user).bodyAsJsonObject());
    assertEquals("GET, DELETE", get(uri, user).getHeader("Allow"));
    assertTrue(members(get(AGGREGATES, user)).contains(uri));

    // Not a member the caller may see: another tenant's device, an unknown one, a resource below a member, junk.
    for (String wrong : List.of("/redfish/v1/Systems/set-x_1", "/redfish/v1/Systems/nosuch_1",
        "/redfish/v1/Systems/set-a_1/Bios", "/redfish/v1/SessionService", "not a uri")) {
      assertIncorrectElement(post(AGGREGATES, user, elements("/redfish/v1/Systems/set-b_1", wrong)), wrong);
      assertIncorrectElement(post(uri + "/Actions/Aggregate.AddElements", user, elements(wrong)), wrong);
    }
    HttpResponse<Buffer> notLinks = post(AGGREGATES, user, new JsonObject().put("Elements",
      new JsonArray().add("/redfish/v1/Systems/set-a_1")));
    assertEquals(400, notLinks.statusCode(), notLinks.bodyAsString());
    assertTrue(notLinks.bodyAsJsonObject().containsKey("error"), notLinks.bodyAsString());

    HttpResponse<Buffer> added = post(uri + "/Actions/Aggregate.AddElements", user,
      elements("/redfish/v1/Systems/set-b_1", "/redfish/v1/Systems/set-a_1"));
    assertEquals(204, added.statusCode(), added.bodyAsString());
    assertEquals(List.of("/redfish/v1/Systems/set-a_1", "/redfish/v1/Chassis/set-a_1", "/redfish/v1/Systems/set-b_1"),
      elementsOf(get(uri, user).bodyAsJsonObject()), "added once, after the others");
    HttpResponse<Buffer> removed = post(uri + "/Actions/Aggregate.RemoveElements", user,
      elements("/redfish/v1/Chassis/set-a_1"));
    assertEquals(204, removed.statusCode(), removed.bodyAsString());
    assertEquals(List.of("/redfish/v1/Systems/set-a_1", "/redfish/v1/Systems/set-b_1"),
      elementsOf(get(uri, user).bodyAsJsonObject()));
    assertIncorrectElement(post(uri + "/Actions/Aggregate.RemoveElements", user,
      elements("/redfish/v1/Chassis/set-a_1")), "/redfish/v1/Chassis/set-a_1");

    // Another tenant's user: the aggregate is not there, whatever it asks.
    assertEquals(404, get(uri, other).statusCode());
    assertTrue(!members(get(AGGREGATES, other)).contains(uri));
    assertEquals(404, post(uri + "/Actions/Aggregate.AddElements", other, elements("/redfish/v1/Systems/set-x_1"))
      .statusCode());
    HttpResponse<Buffer> foreignReset = post(uri + "/Actions/Aggregate.Reset", other,
      new JsonObject().put("ResetType", "On"));
    assertEquals(404, foreignReset.statusCode(), foreignReset.bodyAsString());
    assertEquals(404, gateway().send(gateway().request(HttpMethod.DELETE, uri).bearerTokenAuthentication(other))
      .statusCode());
    assertEquals("Base.1.18.ResourceMissingAtURI", get(uri, other).bodyAsJsonObject().getJsonObject("error")
      .getString("code"));
    assertTrue(members(get(AGGREGATES)).contains(uri), "an admin sees every tenant's aggregates");

    HttpResponse<Buffer> deleted = gateway().send(gateway().request(HttpMethod.DELETE, uri)
      .bearerTokenAuthentication(user));
    assertEquals(204, deleted.statusCode(), deleted.bodyAsString());
    assertEquals(404, get(uri, user).statusCode());
    assertEquals(404, get(AGGREGATES + "/no-such-aggregate", user).statusCode());
  }

  @Test
  void anAggregatesResetIsATaskOverItsSystems() throws Exception {
    List<Integer> ports = List.of(startBmc(), startBmc());
    register("agr-0", ports.get(0), "t-agr");
    register("agr-1", ports.get(1), "t-agr");
    String operator = userOf("agg-user-agr", "t-agr");
    HttpResponse<Buffer> created = post(AGGREGATES, operator, elements("/redfish/v1/Systems/agr-0_1",
      "/redfish/v1/Systems/agr-1_1", "/redfish/v1/Managers/agr-0_1"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String uri = created.getHeader("Location");
    HttpResponse<Buffer> accepted = post(uri + "/Actions/Aggregate.Reset", operator, new JsonObject()
      .put("ResetType", "ForceOff").put("BatchSize", 1).put("DelayBetweenBatchesInSeconds", 0));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    JsonObject task = awaitTask(accepted.getHeader("Location"), operator);
    assertEquals("Completed", task.getString("TaskState"), task.encode());
    assertEquals("OK", task.getString("TaskStatus"), task.encode());
    JsonArray messages = task.getJsonArray("Messages");
    assertEquals(2, messages.size(), "one per system, the manager is not reset: " + task.encode());
    messages.forEach(m -> assertEquals("Base.1.18.Success", ((JsonObject) m).getString("MessageId"), task.encode()));
    for (int port : ports) {
      JsonArray resets = simStats(port).getJsonArray("resets");
      assertEquals(1, resets.size(), resets.encode());
      assertEquals("ForceOff", resets.getJsonObject(0).getString("ResetType"));
    }
    // 'On' is a string of the contract's enums (unquoted, YAML would read it as true and refuse every "On").
    JsonObject on = awaitTask(reset(operator, new JsonObject().put("TargetURIs", new JsonArray()
      .add("/redfish/v1/Systems/agr-0_1")).put("ResetType", "On")).getHeader("Location"), operator);
    assertEquals("Base.1.18.Success", on.getJsonArray("Messages").getJsonObject(0).getString("MessageId"), on.encode());
    assertEquals("On", simStats(ports.get(0)).getJsonArray("resets").getJsonObject(1).getString("ResetType"));
    HttpResponse<Buffer> badType = post(uri + "/Actions/Aggregate.Reset", operator,
      new JsonObject().put("ResetType", "Explode"));
    assertEquals(400, badType.statusCode(), badType.bodyAsString());
    String reader = gateway().send(gateway().request(HttpMethod.POST, "/admin/users")
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject().put("login", "agr-reader")
      .put("password", "password-of-agr-reader").put("tenant", "t-agr")).statusCode() == 201
      ? gateway().token("agr-reader", "password-of-agr-reader") : null;
    assertEquals(200, get(uri, reader).statusCode(), "a reader of the tenant sees it");
    assertEquals(403, post(uri + "/Actions/Aggregate.Reset", reader, new JsonObject().put("ResetType", "On"))
      .statusCode());
    assertEquals(403, post(AGGREGATES, reader, elements("/redfish/v1/Systems/agr-0_1")).statusCode());
  }

  /** The times (ms) at which a simulated BMC received ComputerSystem.SetDefaultBootOrder. */
  private static List<Long> bootOrdersAt(int port) {
    return simStats(port).getJsonArray("defaultBootOrders").stream().map(o -> ((JsonObject) o).getLong("at")).toList();
  }

  @Test
  void anAggregatesSetDefaultBootOrderIsATaskInBatchesAndNamesTheDeviceThatFailed() throws Exception {
    List<Integer> ports = new ArrayList<>();
    List<String> systems = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports.add(startBmc());
      register("boot-" + i, ports.get(i), "t-boot");
      systems.add("/redfish/v1/Systems/boot-" + i + "_1");
    }
    String operator = userOf("agg-user-boot", "t-boot");
    HttpResponse<Buffer> created = post(AGGREGATES, operator, elements(systems.get(0), systems.get(1), systems.get(2),
      "/redfish/v1/Chassis/boot-0_1"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String uri = created.getHeader("Location");
    String action = uri + "/Actions/Aggregate.SetDefaultBootOrder";
    assertEquals(action, created.bodyAsJsonObject().getJsonObject("Actions")
      .getJsonObject("#Aggregate.SetDefaultBootOrder").getString("target"));

    JsonObject task = succeeded(post(action, operator, new JsonObject().put("BatchSize", 2)
      .put("DelayBetweenBatchesInSeconds", 1)), operator);
    assertEquals("Aggregate.SetDefaultBootOrder", task.getString("Name"));
    JsonArray messages = task.getJsonArray("Messages");
    assertEquals(3, messages.size(), "one per system, the chassis is not a target: " + task.encode());
    for (int i = 0; i < 3; i++) {
      JsonObject message = messages.getJsonObject(i);
      assertEquals("Base.1.18.Success", message.getString("MessageId"), task.encode());
      RedfishMessages.assertRegistryMessage(message);
      assertTrue(message.getString("Resolution").contains(systems.get(i)), "in target order: " + task.encode());
    }
    long[] at = new long[3];
    for (int i = 0; i < 3; i++) {
      List<Long> received = bootOrdersAt(ports.get(i));
      assertEquals(1, received.size(), "bmc " + i + ": " + received);
      at[i] = received.get(0);
      assertEquals(0, simStats(ports.get(i)).getJsonArray("resets").size(), "not a reset");
    }
    assertTwoThenOneASecondLater(at);

    HttpResponse<Buffer> noBody = gateway().send(gateway().request(HttpMethod.POST, action)
      .bearerTokenAuthentication(operator));
    assertEquals(202, noBody.statusCode(), "DSP0268 defines no parameter: " + noBody.bodyAsString());
    awaitTask(noBody.getHeader("Location"), operator);
    HttpResponse<Buffer> unknown = post(action, operator, new JsonObject().put("ResetType", "On"));
    assertEquals(400, unknown.statusCode(), unknown.bodyAsString());

    await(bmcs.undeploy(deployments.remove(ports.get(1))));
    JsonObject partial = awaitTask(post(action, operator, new JsonObject()).getHeader("Location"), operator);
    assertEquals("Critical", partial.getString("TaskStatus"), partial.encode());
    List<JsonObject> outcomes = partial.getJsonArray("Messages").stream().map(JsonObject.class::cast).toList();
    assertEquals(List.of("Base.1.18.Success", "Base.1.18.CouldNotEstablishConnection", "Base.1.18.Success"),
      outcomes.stream().map(m -> m.getString("MessageId")).toList(), partial.encode());
    outcomes.forEach(RedfishMessages::assertRegistryMessage);
    assertEquals(systems.get(1), outcomes.get(1).getJsonArray("MessageArgs").getString(0));
    assertTrue(outcomes.get(1).getString("Message").contains("boot-1"), outcomes.get(1).encode());

    String reader = gateway().send(gateway().request(HttpMethod.POST, "/admin/users")
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject().put("login", "boot-reader")
      .put("password", "password-of-boot-reader").put("tenant", "t-boot")).statusCode() == 201
      ? gateway().token("boot-reader", "password-of-boot-reader") : null;
    assertEquals(403, post(action, reader, new JsonObject()).statusCode());
    assertEquals(404, post(action, userOf("agg-user-boot-other", "t-boot-other"), new JsonObject()).statusCode());
  }

  @Test
  void concurrentAddElementsOnOneAggregateAllApply() {
    register("conc-a", startBmc(), "t-conc");
    String operator = userOf("agg-user-conc", "t-conc");
    HttpResponse<Buffer> created = post(AGGREGATES, operator, elements());
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String uri = created.getHeader("Location");
    allAtOnce(uri + "/Actions/Aggregate.AddElements", operator, 20);
    List<String> held = elementsOf(get(uri, operator).bodyAsJsonObject());
    assertEquals(20, held.size(), "no change lost: " + held);
    for (int i = 0; i < 20; i++) {
      assertTrue(held.contains("/redfish/v1/Systems/conc-a_" + i), held.toString());
    }
    allAtOnce(uri + "/Actions/Aggregate.RemoveElements", operator, 10);
    assertEquals(10, elementsOf(get(uri, operator).bodyAsJsonObject()).size());
  }

  /** {@code count} POSTs of {@code action} at once, the i-th naming element conc-a_i; each must answer 204. */
  private void allAtOnce(String action, String token, int count) {
    List<io.vertx.core.Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(gateway().request(HttpMethod.POST, action).bearerTokenAuthentication(token)
        .sendJsonObject(elements("/redfish/v1/Systems/conc-a_" + i)));
    }
    await(io.vertx.core.Future.all(sent));
    sent.forEach(answer -> assertEquals(204, answer.result().statusCode(), answer.result().bodyAsString()));
  }

  private HttpResponse<Buffer> postIfMatch(String uri, String token, String ifMatch, JsonObject body) {
    return gateway().send(gateway().request(HttpMethod.POST, uri).bearerTokenAuthentication(token)
      .putHeader("If-Match", ifMatch), body);
  }

  private static void assertPreconditionFailed(HttpResponse<Buffer> refused) {
    assertEquals(412, refused.statusCode(), refused.bodyAsString());
    assertEquals("Base.1.18.PreconditionFailed", refused.bodyAsJsonObject().getJsonObject("error")
      .getJsonArray("@Message.ExtendedInfo").getJsonObject(0).getString("MessageId"), refused.bodyAsString());
    RedfishMessages.assertRegistryMessages(refused.bodyAsJsonObject());
  }

  @Test
  void anAggregatesETagChangesWithItsElementsAndAStaleIfMatchIsRefused() throws Exception {
    int port = startBmc();
    register("etag-a", port, "t-etag");
    String operator = userOf("agg-user-etag", "t-etag");
    HttpResponse<Buffer> created = post(AGGREGATES, operator, elements("/redfish/v1/Systems/etag-a_1"));
    String uri = created.getHeader("Location");
    HttpResponse<Buffer> read = get(uri, operator);
    String etag = read.getHeader("ETag");
    assertTrue(etag != null && etag.startsWith("\"") && etag.endsWith("\""), "a strong ETag: " + etag);
    assertEquals(etag, read.bodyAsJsonObject().getString("@odata.etag"));

    String add = uri + "/Actions/Aggregate.AddElements";
    assertEquals(204, postIfMatch(add, operator, etag, elements("/redfish/v1/Chassis/etag-a_1")).statusCode());
    String changed = get(uri, operator).getHeader("ETag");
    assertTrue(!etag.equals(changed), "a change makes a new ETag: " + etag + " " + changed);

    assertPreconditionFailed(postIfMatch(add, operator, etag, elements("/redfish/v1/Managers/etag-a_1")));
    assertPreconditionFailed(postIfMatch(uri + "/Actions/Aggregate.RemoveElements", operator, etag,
      elements("/redfish/v1/Chassis/etag-a_1")));
    assertPreconditionFailed(gateway().send(gateway().request(HttpMethod.DELETE, uri)
      .bearerTokenAuthentication(operator).putHeader("If-Match", etag)));
    assertPreconditionFailed(postIfMatch(uri + "/Actions/Aggregate.SetDefaultBootOrder", operator, etag,
      new JsonObject()));
    assertPreconditionFailed(postIfMatch(uri + "/Actions/Aggregate.Reset", operator, etag,
      new JsonObject().put("ResetType", "On")));
    assertEquals(0, simStats(port).getJsonArray("defaultBootOrders").size(), "no task was started");
    assertEquals(0, simStats(port).getJsonArray("resets").size(), "no task was started");
    assertEquals(List.of("/redfish/v1/Systems/etag-a_1", "/redfish/v1/Chassis/etag-a_1"),
      elementsOf(get(uri, operator).bodyAsJsonObject()), "nothing changed by the refused requests");
    assertEquals(changed, get(uri, operator).getHeader("ETag"));

    assertEquals(204, postIfMatch(uri + "/Actions/Aggregate.RemoveElements", operator, "\"other\", " + changed,
      elements("/redfish/v1/Chassis/etag-a_1")).statusCode(), "one of the listed ETags matches");
    assertEquals(204, postIfMatch(add, operator, "*", elements("/redfish/v1/Managers/etag-a_1")).statusCode());
    String current = get(uri, operator).getHeader("ETag");
    succeeded(postIfMatch(uri + "/Actions/Aggregate.SetDefaultBootOrder", operator, current, new JsonObject()),
      operator);
    assertEquals(1, simStats(port).getJsonArray("defaultBootOrders").size());
    assertEquals(204, gateway().send(gateway().request(HttpMethod.DELETE, uri).bearerTokenAuthentication(operator)
      .putHeader("If-Match", current)).statusCode());
  }
}
