package io.sessiongate.deviceproxy;

import io.sessiongate.deviceproxy.owner.DeviceProxyVerticle;
import io.sessiongate.deviceproxy.owner.ShardMessages;
import io.sessiongate.redfish.RedfishMessages;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device proxy against real simulated BMCs over real HTTP, on both stores. */
abstract class DeviceProxyContract extends GatewayPerTestClass {
  static SimulatedBmcs BMCS;


  @BeforeAll
  static void startBmcs() {
    BMCS = new SimulatedBmcs();
  }

  @AfterAll
  static void stopBmcs() {
    BMCS.close();
  }

  String admin() {
    return gateway().adminToken();
  }

  HttpResponse<Buffer> register(JsonObject device) {
    return gateway().send(gateway().request(HttpMethod.POST, "/admin/devices").bearerTokenAuthentication(admin()), device);
  }

  static JsonObject device(String id, int port, int maxSessions, int timeoutMs) {
    return new JsonObject().put("id", id).put("address", "http://127.0.0.1:" + port)
      .put("tls", new JsonObject().put("mode", "insecure"))
      .put("credentials", new JsonObject().put("username", "root").put("password", "calvin"))
      .put("maxSessions", maxSessions).put("timeoutMs", timeoutMs);
  }

  HttpResponse<Buffer> proxied(String uri) {
    return gateway().send(gateway().request(HttpMethod.GET, uri).bearerTokenAuthentication(admin()));
  }

  interface OnVertx {
    void run(io.vertx.core.Vertx vertx) throws Exception;
  }

  /** Runs {@code body} with a Vert.x of its own (a client unlike the shared test client), closed after. */
  static void onOwnVertx(OnVertx body) throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      body.run(vertx);
    } finally {
      await(vertx.close());
    }
  }

  /**
   * The gateway's own Redfish error: its messages are the served Base registry's, with their args filled
   * ({@link RedfishMessages}).
   */
  static JsonObject redfishError(HttpResponse<Buffer> response, int status) {
    JsonObject error = bmcRedfishError(response, status);
    RedfishMessages.assertRegistryMessages(response.bodyAsJsonObject());
    return error;
  }

  /** A Redfish error as the BMC sent it, passed through (its registry is the BMC's, not the gateway's). */
  static JsonObject bmcRedfishError(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertTrue(error.getString("code").startsWith("Base."), error.encode());
    return error;
  }

  @Test
  void aRegisteredDeviceNeverShowsItsPassword() {
    int port = BMCS.start(4, 1, 60);
    HttpResponse<Buffer> created = register(device("show-1", port, 2, 2000));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertFalse(created.bodyAsString().contains("calvin"));
    assertEquals("root", created.bodyAsJsonObject().getJsonObject("credentials").getString("username"));
    HttpResponse<Buffer> listed = gateway().send(gateway().request(HttpMethod.GET, "/admin/devices").bearerTokenAuthentication(admin()));
    assertFalse(listed.bodyAsString().contains("calvin"));
    assertEquals(409, register(device("show-1", port, 2, 2000)).statusCode());
  }

  @Test
  void addressesOutsideTheRulesAreRefusedAndNamed() {
    JsonObject plainHttp = device("bad-1", 9, 2, 1000).put("tls", new JsonObject().put("mode", "verify"));
    assertEquals("/address", problem(register(plainHttp)));
    assertEquals("/address", problem(register(device("bad-2", 9, 2, 1000).put("address", "http://8.8.8.8:80"))));
    assertEquals("/address", problem(register(device("bad-3", 9, 2, 1000).put("address", "http://bmc.example.com"))));
    assertEquals("/address", problem(register(device("bad-4", 9, 2, 1000).put("address", "http://127.0.0.1/redfish"))));
    JsonObject pinWithoutHash = device("bad-5", 9, 2, 1000).put("address", "https://127.0.0.1:9")
      .put("tls", new JsonObject().put("mode", "pin"));
    assertEquals("/tls/pinSha256", problem(register(pinWithoutHash)));
    assertEquals(400, register(device("bad-6", 9, 2, 1000).put("auth", "kerberos")).statusCode());
    assertEquals(400, register(device("bad-7", 9, 2, 1000).put("tls", new JsonObject().put("mode", "sometimes")))
      .statusCode());
  }

  private static String problem(HttpResponse<Buffer> response) {
    assertEquals(400, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject().getString("pointer");
  }

  @Test
  void redfishIsServedThroughThePathPrefixWithLinksRewritten() {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("path-1", port, 2, 2000)).statusCode());
    HttpResponse<Buffer> system = proxied("/bmc/path-1/redfish/v1/Systems/1");
    assertEquals(200, system.statusCode(), system.bodyAsString());
    JsonObject body = system.bodyAsJsonObject();
    assertEquals("/bmc/path-1/redfish/v1/Systems/1", body.getString("@odata.id"));
    assertEquals("/bmc/path-1/redfish/v1/Chassis/1",
      body.getJsonObject("Links").getJsonArray("Chassis").getJsonObject(0).getString("@odata.id"));
    assertNull(system.getHeader("X-Auth-Token"), "the BMC's token never reaches a client");
    HttpResponse<Buffer> root = gateway().send(gateway().request(HttpMethod.GET, "/bmc/path-1/redfish/v1"));
    assertEquals(200, root.statusCode(), "the service root needs no credentials, as DSP0266 says");
    redfishError(gateway().send(gateway().request(HttpMethod.GET, "/bmc/path-1/redfish/v1/Systems/1")), 401);
  }

  @Test
  void aTenantsUserReachesOnlyItsTenantsDevicesAndAnotherTenantsLooksUnregistered() {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("tenant-1", port, 2, 2000).put("tenants", new JsonArray().add("t1"))).statusCode());
    assertEquals(201, register(device("tenant-2", port, 2, 2000).put("tenants", new JsonArray().add("t2"))).statusCode());
    assertEquals(201, register(device("tenant-none", port, 2, 2000)).statusCode());
    assertEquals(201, gateway().send(gateway().request(HttpMethod.POST, "/admin/users").bearerTokenAuthentication(admin()),
      new JsonObject().put("login", "proxy-t1").put("password", "password-of-proxy-t1").put("tenant", "t1")
        .put("roles", new JsonArray().add("operator"))).statusCode());
    String t1 = gateway().token("proxy-t1", "password-of-proxy-t1");

    HttpResponse<Buffer> own = gateway().send(gateway().request(HttpMethod.GET, "/bmc/tenant-1/redfish/v1/Systems")
      .bearerTokenAuthentication(t1));
    assertEquals(200, own.statusCode(), own.bodyAsString());
    assertEquals("/bmc/tenant-1/redfish/v1/Systems/1",
      own.bodyAsJsonObject().getJsonArray("Members").getJsonObject(0).getString("@odata.id"));
    HttpResponse<Buffer> unknown = gateway().send(gateway().request(HttpMethod.GET, "/bmc/tenant-zz/redfish/v1/Systems")
      .bearerTokenAuthentication(t1));
    redfishError(unknown, 404);
    for (String hidden : List.of("tenant-2", "tenant-none")) {
      HttpResponse<Buffer> read = gateway().send(gateway().request(HttpMethod.GET, "/bmc/" + hidden + "/redfish/v1/Systems")
        .bearerTokenAuthentication(t1));
      redfishError(read, 404);
      assertEquals(unknown.bodyAsString().replace("tenant-zz", "X"), read.bodyAsString().replace(hidden, "X"),
        "another tenant's device looks unregistered");
      HttpResponse<Buffer> write = gateway().send(gateway().request(HttpMethod.POST,
        "/bmc/" + hidden + "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset").bearerTokenAuthentication(t1),
        new JsonObject().put("ResetType", "ForceRestart"));
      redfishError(write, 404);
      assertEquals(200, proxied("/bmc/" + hidden + "/redfish/v1/Systems").statusCode(), "an admin reaches every device");
    }
    assertEquals(0, BMCS.stats(port).getJsonArray("resets").size(), "nothing reached the BMC for another tenant");
  }

  @Test
  void bodiesStreamBothWaysFarPastTheGatewaysOwnBodyLimit() throws Exception {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("stream-1", port, 1, 10_000)).statusCode());
    // 8 MiB, eight times what the gateway's own APIs accept in a body: a firmware image goes through as a stream.
    byte[] image = new byte[8 * 1024 * 1024];
    new java.util.Random(7).nextBytes(image);
    HttpResponse<Buffer> uploaded = await(gateway().request(HttpMethod.POST, "/bmc/stream-1/redfish/v1/UpdateService/upload")
      .bearerTokenAuthentication(admin()).putHeader("Content-Type", "application/octet-stream")
      .sendBuffer(Buffer.buffer(image)));
    assertEquals(202, uploaded.statusCode(), uploaded.bodyAsString());
    JsonObject received = uploaded.bodyAsJsonObject().getJsonObject("Oem").getJsonObject("Sim");
    assertEquals(image.length, received.getLong("Bytes"));
    assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(image)),
      received.getString("Sha256"), "the BMC got the very bytes the client sent");
    assertEquals("/bmc/stream-1/redfish/v1/TaskService/Tasks/1", uploaded.bodyAsJsonObject().getString("@odata.id"));

    HttpResponse<Buffer> download = proxied("/bmc/stream-1/redfish/v1/Managers/1/Oem/Sim/Blob?bytes=20000000");
    assertEquals(200, download.statusCode());
    assertEquals("application/octet-stream", download.getHeader("Content-Type"));
    assertEquals(20_000_000, download.body().length(), "a download that is not JSON passes as it comes");
  }

  @Test
  void clientsThatHangUpMidUploadDoNotOpenTheBmcsCircuit() throws Exception {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("hangup-1", port, 1, 5000)).statusCode());
    onOwnVertx(vertx -> {
      io.vertx.core.http.HttpClient raw = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setSsl(true).setTrustAll(true).setVerifyHost(false));
      // More hang-ups than devices.breaker-failures (5): each one breaks the exchange with the BMC.
      for (int i = 0; i < 8; i++) {
        io.vertx.core.http.HttpClientRequest upload = await(raw.request(new io.vertx.core.http.RequestOptions()
          .setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(gateway().port())
          .setURI("/bmc/hangup-1/redfish/v1/UpdateService/upload")
          .putHeader("Authorization", "Bearer " + admin()).putHeader("Content-Type", "application/octet-stream")));
        upload.setChunked(true);
        try {
          await(upload.write(Buffer.buffer(new byte[256 * 1024])));
          // Lets the chunk reach the BMC's socket, so the reset hangs up mid-upload.
          Thread.sleep(100);
          await(upload.reset());
        } catch (RuntimeException answeredEarly) {
          // The gateway may already have answered (with an open circuit, say): the check below tells.
        }
      }
    });
    HttpResponse<Buffer> after = proxied("/bmc/hangup-1/redfish/v1/Systems/1");
    assertEquals(200, after.statusCode(), "a client that leaves is no sign of a sick BMC: " + after.bodyAsString());
  }

  @Test
  void aRequestBodyReachesTheBmcAndTheBmcsOwnErrorComesBack() {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("action-1", port, 1, 2000)).statusCode());
    String reset = "/bmc/action-1/redfish/v1/Systems/1/Actions/ComputerSystem.Reset";
    HttpResponse<Buffer> refused = gateway().send(gateway().request(HttpMethod.POST, reset)
      .bearerTokenAuthentication(admin()), new JsonObject().put("ResetType", "Sideways"));
    JsonObject error = bmcRedfishError(refused, 400);
    assertEquals("Base.1.18.ActionParameterValueNotInList", error.getString("code"));
    assertTrue(error.getString("message").contains("Sideways"), error.encode());
    assertEquals(204, gateway().send(gateway().request(HttpMethod.POST, reset)
      .bearerTokenAuthentication(admin()), new JsonObject().put("ResetType", "On")).statusCode());
  }

  @Test
  void aRequestWithABodyIsSentAgainOnTheFreshSessionAfterA401() throws Exception {
    int port = BMCS.start(16, 1, 60);
    assertEquals(201, register(device("replay-1", port, 1, 2000)).statusCode());
    assertEquals(200, proxied("/bmc/replay-1/redfish/v1/Managers/1").statusCode());
    BMCS.dropSessions(port);
    HttpResponse<Buffer> afterExpiry = gateway().send(gateway().request(HttpMethod.POST,
      "/bmc/replay-1/redfish/v1/Systems/1/Actions/ComputerSystem.Reset").bearerTokenAuthentication(admin()),
      new JsonObject().put("ResetType", "ForceRestart"));
    assertEquals(204, afterExpiry.statusCode(), "the body went again, whole, on the new session: "
      + afterExpiry.bodyAsString());
    assertEquals(2, BMCS.stats(port).getLong("logins"));
  }

  @Test
  void whatAProbeFoundIsKeptWithTheDeviceAndShown() {
    int basicOnly = BMCS.start(4, 1, 60, io.sessiongate.bmcsim.SimulatedBmcOptions.Quirks.NONE.basicOnly());
    HttpResponse<Buffer> created = register(device("auth-1", basicOnly, 2, 2000));
    assertEquals("auto", created.bodyAsJsonObject().getString("auth"), created.bodyAsString());
    assertEquals(200, proxied("/bmc/auth-1/redfish/v1/Systems/1").statusCode());
    JsonObject found = admin("GET", "auth-1", null).getJsonObject("authentication");
    assertEquals("basic", found.getString("found"), found.encode());
    assertTrue(found.getLong("probedAt") > 0, found.encode());
    assertEquals("basic", admin("PATCH", "auth-1", new JsonObject().put("maxSessions", 3))
      .getJsonObject("authentication").getString("found"), "a change that keeps the BMC keeps what was found");
    JsonObject forced = admin("PATCH", "auth-1", new JsonObject().put("auth", "basic"));
    assertEquals("basic", forced.getString("auth"));
    assertNull(forced.getJsonObject("authentication").getValue("found"), forced.encode());
    assertEquals(200, proxied("/bmc/auth-1/redfish/v1/Systems/1").statusCode());
    assertEquals(0, BMCS.stats(basicOnly).getLong("logins"));
  }

  @Test
  void aPatchOfTlsChangesOnlyWhatItNames() {
    String pin = "ab".repeat(32);
    String other = "cd".repeat(32);
    JsonObject pinned = device("tls-patch-1", 9, 1, 1000).put("address", "https://127.0.0.1:9").put("auth", "basic")
      .put("tls", new JsonObject().put("mode", "pin").put("pinSha256", pin));
    assertEquals(201, register(pinned).statusCode());
    JsonObject kept = admin("PATCH", "tls-patch-1", new JsonObject().put("tls", new JsonObject())).getJsonObject("tls");
    assertEquals(new JsonObject().put("mode", "pin").put("pinSha256", pin), kept, "{\"tls\": {}} names nothing");
    JsonObject repinned = admin("PATCH", "tls-patch-1", new JsonObject().put("tls", new JsonObject()
      .put("pinSha256", other))).getJsonObject("tls");
    assertEquals(new JsonObject().put("mode", "pin").put("pinSha256", other), repinned, "the pin, and only the pin");

    // An http:// device is only allowed with insecure: a PATCH that fell back to verify would be refused.
    assertEquals(201, register(device("tls-patch-2", 9, 1, 1000).put("auth", "basic")).statusCode());
    assertEquals("insecure", admin("PATCH", "tls-patch-2", new JsonObject().put("tls", new JsonObject())
      .put("timeoutMs", 1500)).getJsonObject("tls").getString("mode"));
  }

  @Test
  void authOnAPassthroughDeviceIsRefusedForWhatItWouldMean() {
    JsonObject passthrough = new JsonObject().put("id", "pt-auth-1").put("address", "http://127.0.0.1:9")
      .put("mode", "passthrough").put("tls", new JsonObject().put("mode", "insecure"));
    HttpResponse<Buffer> refused = register(passthrough.copy().put("auth", "basic"));
    assertEquals("/auth", problem(refused));
    assertTrue(refused.bodyAsString().contains("pooled devices only"), refused.bodyAsString());
    assertEquals(201, register(passthrough).statusCode());
    assertEquals("/auth", problem(gateway().send(gateway().request(HttpMethod.PATCH, "/admin/devices/pt-auth-1")
      .bearerTokenAuthentication(admin()), new JsonObject().put("auth", "session"))));

    assertEquals(201, register(device("pt-auth-2", 9, 1, 1000).put("auth", "basic")).statusCode());
    assertEquals("/auth", problem(gateway().send(gateway().request(HttpMethod.PATCH, "/admin/devices/pt-auth-2")
      .bearerTokenAuthentication(admin()), new JsonObject().put("mode", "passthrough").put("auth", "basic"))));
    assertEquals("basic", admin("GET", "pt-auth-2", null).getString("auth"), "the refused PATCH changed nothing");
  }

  @Test
  void tofuPinsTheFirstCertificateRefusesAnotherAndRePinsOnPatch() throws Exception {
    io.sessiongate.bmcsim.SimulatedBmcOptions https = new io.sessiongate.bmcsim.SimulatedBmcOptions("127.0.0.1", 0,
      "root", "calvin", 4, 1, 60, true);
    int port = BMCS.start(https);
    JsonObject tofu = device("tofu-1", port, 1, 3000).put("address", "https://127.0.0.1:" + port)
      .put("tls", new JsonObject().put("mode", "tofu"));
    assertEquals(201, register(tofu).statusCode());
    assertEquals(200, proxied("/bmc/tofu-1/redfish/v1/Systems/1").statusCode());
    String first = pinOf("tofu-1");
    assertTrue(first.matches("[0-9a-f]{64}"), first);

    // The BMC comes back with a new self-signed certificate (bmc-sim makes one at every start).
    BMCS.stop(port);
    BMCS.start(new io.sessiongate.bmcsim.SimulatedBmcOptions("127.0.0.1", port, "root", "calvin", 4, 1, 60, true));
    JsonObject mismatch = redfishError(proxied("/bmc/tofu-1/redfish/v1/Systems/1"), 502);
    assertTrue(mismatch.getString("message").contains("does not match the pin recorded on first use"), mismatch.encode());
    assertTrue(mismatch.getString("message").contains("re-pin with PATCH /admin/devices/tofu-1 "), mismatch.encode());
    assertEquals(first, pinOf("tofu-1"), "a certificate that does not match never replaces the pin");

    JsonObject repinned = admin("PATCH", "tofu-1", new JsonObject().put("tls", new JsonObject().put("mode", "tofu")));
    assertNull(repinned.getJsonObject("tls").getValue("pinSha256"), repinned.encode());
    assertEquals(200, proxied("/bmc/tofu-1/redfish/v1/Systems/1").statusCode());
    String second = pinOf("tofu-1");
    assertTrue(second.matches("[0-9a-f]{64}") && !second.equals(first), first + " then " + second);
  }

  /** The pin a tofu device recorded (written as the first connection is made, so it may take a moment). */
  private String pinOf(String id) {
    String[] pin = new String[1];
    Await.until("device " + id + " has a pin", Duration.ofSeconds(3),
      () -> (pin[0] = admin("GET", id, null).getJsonObject("tls").getString("pinSha256")) != null);
    return pin[0];
  }

  JsonObject admin(String method, String id, JsonObject body) {
    io.vertx.ext.web.client.HttpRequest<Buffer> request = gateway().request(HttpMethod.valueOf(method),
      "/admin/devices/" + id).bearerTokenAuthentication(admin());
    HttpResponse<Buffer> response = body == null ? gateway().send(request) : gateway().send(request, body);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  @Test
  void anUnknownDeviceIs404AndNoClientInputChoosesAnAddress() {
    redfishError(proxied("/bmc/nope/redfish/v1/Systems"), 404);
    redfishError(proxied("/bmc/127.0.0.1:22/redfish/v1"), 404);
    redfishError(proxied("/bmc/UPPER/redfish/v1"), 404);
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("scope-1", port, 2, 2000)).statusCode());
    redfishError(proxied("/bmc/scope-1/sim/stats"), 404);
  }

  @Test
  void manyClientsShareAFewPooledBmcSessions() {
    int port = BMCS.start(16, 100, 60);
    assertEquals(201, register(device("pool-1", port, 2, 5000)).statusCode());
    String token = admin();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      calls.add(gateway().request(HttpMethod.GET, "/bmc/pool-1/redfish/v1/Systems/1").bearerTokenAuthentication(token).send());
    }
    await(Future.join(calls));
    calls.forEach(call -> assertEquals(200, call.result().statusCode(), call.result().bodyAsString()));
    JsonObject stats = BMCS.stats(port);
    assertTrue(stats.getInteger("peakSessions") <= 2, stats.encode());
    assertTrue(stats.getLong("logins") <= 2, stats.encode());
  }

  @Test
  void aSessionTheBmcDroppedIsReplacedByOneReloginAndRetry() throws Exception {
    int port = BMCS.start(16, 1, 60);
    assertEquals(201, register(device("relogin-1", port, 1, 2000)).statusCode());
    assertEquals(200, proxied("/bmc/relogin-1/redfish/v1/Managers/1").statusCode());
    // Unannounced, as a BMC reboot does: the gateway finds out from the 401.
    BMCS.dropSessions(port);
    HttpResponse<Buffer> afterExpiry = proxied("/bmc/relogin-1/redfish/v1/Managers/1");
    assertEquals(200, afterExpiry.statusCode(), afterExpiry.bodyAsString());
    assertEquals(2, BMCS.stats(port).getLong("logins"));
  }

  @Test
  void aStoppedBmcIs502QuicklyAndNamesTheDevice() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertEquals(201, register(device("down-1", closed, 2, 3000)).statusCode());
    long started = System.nanoTime();
    JsonObject error = redfishError(proxied("/bmc/down-1/redfish/v1/Systems/1"), 502);
    assertTrue((System.nanoTime() - started) / 1_000_000 < 1000, "a refused connection is reported within a second");
    assertTrue(error.getString("message").contains("down-1"), error.encode());
    assertFalse(error.encode().contains("calvin"));
  }

  @Test
  void aMuteBmcIs504AtItsTimeoutWhileAnotherDeviceAnswers() {
    int mute = BMCS.startMute();
    int healthy = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("mute-1", mute, 1, 1500)).statusCode());
    assertEquals(201, register(device("fine-1", healthy, 1, 2000)).statusCode());
    String token = admin();
    Future<HttpResponse<Buffer>> slow = gateway().request(HttpMethod.GET, "/bmc/mute-1/redfish/v1/Systems/1")
      .bearerTokenAuthentication(token).send();
    HttpResponse<Buffer> fast = proxied("/bmc/fine-1/redfish/v1/Systems/1");
    assertEquals(200, fast.statusCode());
    assertFalse(slow.isComplete(), "the healthy device answered while the mute one was still pending");
    JsonObject error = redfishError(await(slow), 504);
    assertTrue(error.getString("message").contains("1500 ms"), error.encode());
  }

  @Test
  void repeatedFailuresOpenTheCircuitWith503AndRetryAfter() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    // Logged in with sessions as registered: no probe at registration adds to the failures counted here.
    assertEquals(201, register(device("flaky-1", closed, 1, 1000).put("auth", "session")).statusCode());
    for (int i = 0; i < 5; i++) {
      assertEquals(502, proxied("/bmc/flaky-1/redfish/v1/Systems/1").statusCode());
    }
    HttpResponse<Buffer> open = proxied("/bmc/flaky-1/redfish/v1/Systems/1");
    redfishError(open, 503);
    assertEquals("10", open.getHeader("Retry-After"));
  }

  @Test
  void changingADeviceDropsItsSessionsAndRemovingItMakesIt404() {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("change-1", port, 2, 2000)).statusCode());
    assertEquals(200, proxied("/bmc/change-1/redfish/v1/Systems/1").statusCode());
    HttpResponse<Buffer> wrongPassword = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/devices/change-1")
      .bearerTokenAuthentication(admin()), new JsonObject().put("credentials",
        new JsonObject().put("username", "root").put("password", "wrong")));
    assertEquals(200, wrongPassword.statusCode(), wrongPassword.bodyAsString());
    JsonObject error = redfishError(proxied("/bmc/change-1/redfish/v1/Systems/1"), 502);
    assertTrue(error.getString("message").contains("refused the credentials"), error.encode());
    assertEquals(204, gateway().send(gateway().request(HttpMethod.DELETE, "/admin/devices/change-1")
      .bearerTokenAuthentication(admin())).statusCode());
    redfishError(proxied("/bmc/change-1/redfish/v1/Systems/1"), 404);
  }

  @Test
  void aJsonAnswerIsRewrittenWholeOrRefusedWhenTheBmcBreaksOffOrSendsTooMuch() {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("log-1", port, 1, 10_000)).statusCode());
    String log = "/bmc/log-1/redfish/v1/Managers/1/Oem/Sim/Log";
    HttpResponse<Buffer> whole = proxied(log + "?entries=5000");
    assertEquals(200, whole.statusCode(), whole.bodyAsString());
    io.vertx.core.json.JsonArray members = whole.bodyAsJsonObject().getJsonArray("Members");
    assertEquals(5000, members.size());
    assertEquals("/bmc/log-1/redfish/v1/Managers/1/LogServices/Sel/Entries/4999",
      members.getJsonObject(4999).getString("@odata.id"), "links deep in a streamed JSON answer are rewritten too");

    long started = System.nanoTime();
    JsonObject brokenOff = redfishError(proxied(log + "?entries=5000&cutAfterBytes=100000"), 502);
    assertTrue((System.nanoTime() - started) / 1_000_000 < 5000, "a BMC that breaks off is reported at once");
    assertTrue(brokenOff.getString("message").contains("broke off"), brokenOff.encode());

    // About 17 MB of JSON: more than the gateway reads to rewrite links (16 MiB).
    JsonObject tooLarge = redfishError(proxied(log + "?entries=180000"), 502);
    assertTrue(tooLarge.getString("message").contains("host-based"), tooLarge.encode());
    assertEquals(200, proxied("/bmc/log-1/redfish/v1/Systems/1").statusCode(),
      "a bad answer is the BMC's, not a reason to stop calling it");
  }

  @Test
  void http10RequestsWithoutAHostAreServedAndNeverOpenTheCircuit() throws Exception {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("old-1", port, 1, 2000)).statusCode());
    onOwnVertx(vertx -> {
      io.vertx.core.net.NetClient raw = rawTls(vertx);
      // More than devices.breaker-failures (5): when these failed, they opened the device's circuit.
      for (int i = 0; i < 7; i++) {
        String text = http10(raw, "/bmc/old-1/redfish/v1", false);
        assertTrue(text.startsWith("HTTP/1.0 200") || text.startsWith("HTTP/1.1 200"), text);
        assertTrue(text.contains("/bmc/old-1/redfish/v1/Systems"), text);
      }
    });
    assertEquals(200, proxied("/bmc/old-1/redfish/v1/Systems/1").statusCode());
  }

  @Test
  void anHttp2BodyWithoutALengthIsSentWholeUpToItsLimitAndRefusedPastIt() throws Exception {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("h2-1", port, 1, 5000)).statusCode());
    onOwnVertx(vertx -> {
      io.vertx.core.http.HttpClient h2 = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false)
        .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2));
      byte[] small = new byte[40_000];
      new java.util.Random(3).nextBytes(small);
      JsonObject small1 = h2Upload(h2, small);
      assertEquals(202, small1.getInteger("status"), small1.encode());
      assertEquals(io.vertx.core.http.HttpVersion.HTTP_2.name(), small1.getString("version"));
      JsonObject received = new JsonObject(small1.getString("body")).getJsonObject("Oem").getJsonObject("Sim");
      assertEquals(small.length, received.getLong("Bytes"), "the BMC got the whole body, with its length");
      assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(small)),
        received.getString("Sha256"));

      JsonObject refused = h2Upload(h2, new byte[200_000]);
      assertEquals(411, refused.getInteger("status"), refused.encode());
      JsonObject error = new JsonObject(refused.getString("body")).getJsonObject("error");
      assertTrue(error.getString("message").contains("Content-Length"), error.encode());
      RedfishMessages.assertRegistryMessages(new JsonObject(refused.getString("body")));
    });
  }

  /** Uploads {@code bytes} in 8 KiB writes over HTTP/2 with no Content-Length; answers status, version and body. */
  private JsonObject h2Upload(io.vertx.core.http.HttpClient h2, byte[] bytes) {
    io.vertx.core.http.HttpClientRequest upload = await(h2.request(new io.vertx.core.http.RequestOptions()
      .setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(gateway().port())
      .setURI("/bmc/h2-1/redfish/v1/UpdateService/upload")
      .putHeader("Authorization", "Bearer " + admin()).putHeader("Content-Type", "application/octet-stream")));
    // On HTTP/2 "chunked" only tells Vert.x that no length is coming: the stream carries DATA frames, no length.
    upload.setChunked(true);
    Future<io.vertx.core.http.HttpClientResponse> response = upload.response();
    for (int offset = 0; offset < bytes.length; offset += 8192) {
      upload.write(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + 8192))));
    }
    upload.end();
    // The body is asked for on the event loop, as the answer arrives: asked later, part of it may be gone.
    return await(response.compose(answer -> answer.body().map(body -> new JsonObject()
      .put("status", answer.statusCode()).put("version", answer.version().name()).put("body", body.toString()))));
  }

  @Test
  void aLeaseOfADeviceThisNodeOwnsTakesNoEventBusMessageAndIsGivenBack() throws Exception {
    int port = BMCS.start(4, 1, 60);
    // A bulkhead of 1 + 7 queued: leases not given back would make the 9th request a 503.
    assertEquals(201, register(device("local-1", port, 1, 2000).put("maxConcurrentRequests", 1)).statusCode());
    assertEquals(200, proxied("/bmc/local-1/redfish/v1/Systems/1").statusCode());
    io.vertx.core.eventbus.EventBus bus = gateway().gateway().vertx().eventBus();
    java.util.concurrent.atomic.AtomicInteger toOwner = new java.util.concurrent.atomic.AtomicInteger();
    io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> counting = delivery -> {
      if (delivery.message().address().startsWith("sessiongate.deviceproxy.shard.")) {
        toOwner.incrementAndGet();
      }
      delivery.next();
    };
    bus.addOutboundInterceptor(counting);
    try {
      for (int i = 0; i < 20; i++) {
        assertEquals(200, proxied("/bmc/local-1/redfish/v1/Systems/1").statusCode(), "request " + i);
      }
    } finally {
      bus.removeOutboundInterceptor(counting);
    }
    assertEquals(0, toOwner.get(), "the one node owns every shard: its leases are calls, not messages");
    assertEquals(1, BMCS.stats(port).getLong("logins"), "every lease came from the one pooled session");
  }

  @Test
  void leasesTakenOnEveryEventLoopCountAgainstOneBulkheadAndAreAllGivenBack() throws Exception {
    int port = BMCS.start(4, 1, 60, io.sessiongate.bmcsim.SimulatedBmcOptions.Quirks.NONE.answerLatencyMillis(600));
    // One slot plus seven queued: the eight requests in flight are the device's limit, whoever lent them.
    assertEquals(201, register(device("bulk-1", port, 1, 5000).put("maxConcurrentRequests", 1)).statusCode());
    assertEquals(200, proxied("/bmc/bulk-1/redfish/v1/Systems/1").statusCode(), "the pool holds its session");
    String token = admin();
    onOwnVertx(vertx -> {
      // Twelve connections at once (the shared client keeps five), spread by the gateway over its event loops.
      io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx,
        new io.vertx.ext.web.client.WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
          .setDefaultHost("127.0.0.1").setDefaultPort(gateway().port()),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(12));
      for (int round = 0; round < 2; round++) {
        List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          calls.add(client.get("/bmc/bulk-1/redfish/v1/Systems/1").bearerTokenAuthentication(token).send());
        }
        await(Future.join(calls));
        List<Integer> statuses = calls.stream().map(call -> call.result().statusCode()).sorted().toList();
        assertEquals(8, statuses.stream().filter(status -> status == 200).count(), "round " + round + ": " + statuses);
        assertEquals(4, statuses.stream().filter(status -> status == 503).count(), "round " + round + ": " + statuses);
      }
    });
    assertEquals(1, BMCS.stats(port).getLong("logins"), "every lease came from the one pooled session");
  }

  @Test
  void aLentBmcTokenCrossesTheEventBusOnlySealed() throws Exception {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("seal-1", port, 1, 2000)).statusCode());
    assertEquals(200, proxied("/bmc/seal-1/redfish/v1/Systems/1").statusCode());
    io.vertx.core.Vertx vertx = gateway().gateway().vertx();
    // What any node of the cluster would send to the shard's owner, and what comes back over the network.
    String owner = DeviceProxyVerticle.address(DeviceProxyVerticle.shardOf("seal-1", 16));
    ShardMessages.LeaseBlock block = await(vertx.eventBus().<ShardMessages.LeaseBlock>request(owner,
      new ShardMessages.LeaseRequest("seal-1", 3))).body();
    assertEquals(3, block.leases().size(), "a block of three leases of the one session: " + block);
    assertEquals(3, block.leases().stream().map(ShardMessages.Lease::id).distinct().count(), block.toString());
    vertx.eventBus().send(owner, new ShardMessages.GiveBack("seal-1",
      block.leases().stream().map(ShardMessages.Lease::id).toList(), false));
    // The bus took the records (no codec: it refuses them); on the way to another node they are these bytes.
    io.vertx.core.buffer.Buffer wire = io.vertx.core.buffer.Buffer.buffer();
    ShardMessages.LEASE_BLOCKS.encodeToWire(wire, block);
    assertEquals(block, ShardMessages.LEASE_BLOCKS.decodeFromWire(0, wire), "the block comes back whole from the wire");
    JsonObject crossing = new JsonObject(wire.getBuffer(4, wire.length())).getJsonArray("leases").getJsonObject(0);
    assertEquals(java.util.Set.of("id", "sealedToken"), crossing.fieldNames(), crossing.encode());
    String sealed = crossing.getString("sealedToken");
    assertTrue(sealed != null && sealed.length() > 40, crossing.encode());
    java.net.http.HttpResponse<String> withSealed = java.net.http.HttpClient.newHttpClient().send(
      java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/redfish/v1/Systems/1"))
        .header("X-Auth-Token", sealed).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(401, withSealed.statusCode(), "what crossed the bus is no key to the BMC");
    assertEquals(1, BMCS.stats(port).getLong("logins"), "the lease came from the one pooled session");
  }

  @Test
  void aBmcThatStallsMidAnswerIs504AtItsTimeoutAndTheDeviceStaysUsable() {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("stall-1", port, 1, 1500).put("maxConcurrentRequests", 2)).statusCode());
    // More stalls than the device has connections: each must give its connection (and lease) back.
    for (int i = 0; i < 3; i++) {
      long started = System.nanoTime();
      JsonObject error = redfishError(proxied("/bmc/stall-1/redfish/v1/Managers/1/Oem/Sim/Log?entries=5000"
        + "&stallAfterBytes=20000"), 504);
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(tookMillis >= 1400 && tookMillis < 5000, "answered at the device's timeout: " + tookMillis + " ms");
      assertTrue(error.getString("message").contains("stopped sending"), error.encode());
    }
    assertEquals(200, proxied("/bmc/stall-1/redfish/v1/Systems/1").statusCode());
  }

  @Test
  void anHttp10ClientGetsAChunkedAnswerWholeUpToTheCapAnd502PastIt() throws Exception {
    int port = BMCS.start(4, 1, 60);
    assertEquals(201, register(device("old-2", port, 1, 10_000)).statusCode());
    onOwnVertx(vertx -> {
      io.vertx.core.net.NetClient raw = rawTls(vertx);
      String blob = "/bmc/old-2/redfish/v1/Managers/1/Oem/Sim/Blob?bytes=";
      String small = http10(raw, blob + "1000000", true);
      assertTrue(small.startsWith("HTTP/1.0 200") || small.startsWith("HTTP/1.1 200"), small.substring(0, 40));
      assertTrue(small.toLowerCase().contains("content-length: 1000000"),
        "the chunked answer went to the HTTP/1.0 client whole, with its length");
      // The gateway reads at most 16 MiB to give an HTTP/1.0 client an answer of unknown length.
      String large = http10(raw, blob + "20000000", true);
      assertTrue(large.startsWith("HTTP/1.0 502") || large.startsWith("HTTP/1.1 502"), large);
      assertTrue(large.contains("HTTP/1.1"), large);
    });
  }

  /** A TLS socket client, for requests no HTTP client would send. */
  private static io.vertx.core.net.NetClient rawTls(io.vertx.core.Vertx vertx) {
    return vertx.createNetClient(new io.vertx.core.net.NetClientOptions().setSsl(true).setTrustAll(true)
      .setHostnameVerificationAlgorithm(""));
  }

  /** A GET over HTTP/1.0 with no Host header, with the admin's token or none; the whole answer as text. */
  private String http10(io.vertx.core.net.NetClient raw, String uri, boolean authorized) {
    io.vertx.core.net.NetSocket socket = await(raw.connect(gateway().port(), "127.0.0.1"));
    io.vertx.core.Promise<Buffer> answer = io.vertx.core.Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> answer.tryComplete(received));
    await(socket.write("GET " + uri + " HTTP/1.0\r\n" + (authorized ? "Authorization: Bearer " + admin() + "\r\n" : "")
      + "\r\n"));
    return await(answer.future().timeout(20, java.util.concurrent.TimeUnit.SECONDS)).toString(
      java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
