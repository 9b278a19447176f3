package io.sessiongate.deviceproxy;

import io.sessiongate.bmcsim.SimulatedBmcOptions.LocationStyle;
import io.sessiongate.bmcsim.SimulatedBmcOptions.Quirks;
import io.sessiongate.bmcsim.SimulatedBmcOptions.SessionLimitStyle;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device proxy against BMCs with the habits of real firmware (bmc-sim quirks), over real HTTP. */
class BmcHabitsTest extends GatewayPerTestClass {
  private static SimulatedBmcs bmcs;
  private static io.vertx.core.Vertx clientVertx;
  /** 64 connections: the test's shared client keeps a handful, too few to load a BMC 64 requests deep. */
  private static io.vertx.ext.web.client.WebClient clients;

  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(Map.of());
  }

  @BeforeAll
  static void startBmcs() {
    bmcs = new SimulatedBmcs();
    clientVertx = io.vertx.core.Vertx.vertx();
    clients = io.vertx.ext.web.client.WebClient.create(clientVertx, new io.vertx.ext.web.client.WebClientOptions()
      .setSsl(true).setTrustAll(true).setVerifyHost(false), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
  }

  @AfterAll
  static void stopBmcs() {
    bmcs.close();
    await(clientVertx.close());
  }

  private HttpResponse<Buffer> register(JsonObject device) {
    return gateway().send(gateway().request(HttpMethod.POST, "/admin/devices")
      .bearerTokenAuthentication(gateway().adminToken()), device);
  }

  private JsonObject shown(String id) {
    HttpResponse<Buffer> shown = gateway().send(gateway().request(HttpMethod.GET, "/admin/devices/" + id)
      .bearerTokenAuthentication(gateway().adminToken()));
    assertEquals(200, shown.statusCode(), shown.bodyAsString());
    return shown.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> proxied(String uri) {
    return gateway().send(gateway().request(HttpMethod.GET, uri).bearerTokenAuthentication(gateway().adminToken()));
  }

  private void assertSystemServed(String id) {
    HttpResponse<Buffer> system = proxied("/bmc/" + id + "/redfish/v1/Systems/1");
    assertEquals(200, system.statusCode(), id + ": " + system.bodyAsString());
    assertEquals("/bmc/" + id + "/redfish/v1/Chassis/1", system.bodyAsJsonObject().getJsonObject("Links")
      .getJsonArray("Chassis").getJsonObject(0).getString("@odata.id"), id + ": links rewritten");
  }

  @Test
  void everyLoginStatusAndLocationStyleIsASessionAndIsLoggedOutWhereItSaid() throws Exception {
    for (int status : new int[] {200, 201, 204}) {
      for (LocationStyle style : LocationStyle.values()) {
        int port = bmcs.start(4, 1, 60, Quirks.NONE.loginStatus(status).location(style));
        String id = "login-" + status + "-" + style.name().toLowerCase();
        assertEquals(201, register(DeviceProxyContract.device(id, port, 1, 2000).put("auth", "session")).statusCode());
        assertSystemServed(id);
        assertEquals(1, bmcs.stats(port).getLong("logins"), id);
        assertEquals(204, gateway().send(gateway().request(HttpMethod.DELETE, "/admin/devices/" + id)
          .bearerTokenAuthentication(gateway().adminToken())).statusCode());
        // A session whose address the BMC gave (Location, or the body's @odata.id) is logged out there; with
        // neither (a 204 with no Location) the gateway cannot name it and leaves it to the BMC's timeout.
        boolean addressed = style != LocationStyle.NONE || status != 204;
        if (addressed) {
          Await.until(id + " logged out", Duration.ofSeconds(5), () -> bmcs.stats(port).getInteger("activeSessions") == 0);
        }
        assertEquals(addressed ? 0 : 1, bmcs.stats(port).getInteger("activeSessions"), id);
      }
    }
  }

  @Test
  void theLoginGoesWhereTheServiceRootsLinksSessionsSays() throws Exception {
    String elsewhere = "/redfish/v1/AccountService/Logins";
    int port = bmcs.start(4, 1, 60, Quirks.NONE.sessionsPath(elsewhere).location(LocationStyle.RELATIVE));
    assertEquals(201, register(DeviceProxyContract.device("elsewhere-1", port, 1, 2000)).statusCode());
    assertSystemServed("elsewhere-1");
    assertEquals(1, bmcs.stats(port).getLong("logins"));
    assertEquals("session", shown("elsewhere-1").getJsonObject("authentication").getString("found"));
    assertEquals(204, gateway().send(gateway().request(HttpMethod.DELETE, "/admin/devices/elsewhere-1")
      .bearerTokenAuthentication(gateway().adminToken())).statusCode());
    Await.until("logged out at " + elsewhere + "/1, where it was", Duration.ofSeconds(5),
      () -> bmcs.stats(port).getInteger("activeSessions") == 0);
  }

  @Test
  void autoFindsBasicOnABmcWithoutSessionServiceAndShowsIt() {
    int port = bmcs.start(4, 1, 60, Quirks.NONE.basicOnly());
    assertEquals(201, register(DeviceProxyContract.device("basic-auto", port, 2, 2000)).statusCode());
    assertSystemServed("basic-auto");
    JsonObject authentication = shown("basic-auto").getJsonObject("authentication");
    assertEquals("auto", authentication.getString("mode"));
    assertEquals("basic", authentication.getString("found"), authentication.encode());
    assertTrue(authentication.getLong("probedAt") > 0, authentication.encode());
    assertEquals(0, bmcs.stats(port).getLong("logins"), "no login was tried on a BMC that offers none");
    // Clients log in to the gateway, whatever the BMC offers: its service root says where (redfishtool needs it).
    JsonObject root = gateway().send(gateway().request(HttpMethod.GET, "/bmc/basic-auto/redfish/v1")).bodyAsJsonObject();
    assertEquals("/bmc/basic-auto/redfish/v1/SessionService/Sessions",
      root.getJsonObject("Links").getJsonObject("Sessions").getString("@odata.id"), root.encode());
    assertEquals("/bmc/basic-auto/redfish/v1/Systems", root.getJsonObject("Systems").getString("@odata.id"));
  }

  @Test
  void autoFindsSessionsOnABmcThatOffersThem() {
    int port = bmcs.start(4, 1, 60, Quirks.NONE.loginStatus(204));
    assertEquals(201, register(DeviceProxyContract.device("session-auto", port, 2, 2000)).statusCode());
    assertSystemServed("session-auto");
    assertEquals("session", shown("session-auto").getJsonObject("authentication").getString("found"));
    assertEquals(1, bmcs.stats(port).getLong("logins"));
  }

  @Test
  void aLoginAnswered405ThoughTheServiceRootOffersSessionsSwitchesAnAutoDeviceToBasic() {
    int port = bmcs.startRefusingLogins(405, new JsonObject());
    assertEquals(201, register(DeviceProxyContract.device("login-405", port, 2, 2000)).statusCode());
    assertSystemServed("login-405");
    assertEquals("basic", shown("login-405").getJsonObject("authentication").getString("found"),
      "the login said what the service root did not");
  }

  @Test
  void aBmcThatFailsTheLoginItselfIsReportedAsABmcErrorWithWhatItSaid() {
    int port = bmcs.startRefusingLogins(500, new JsonObject().put("error", new JsonObject()
      .put("code", "Base.1.8.InternalError").put("message", "The request failed due to an internal service error.")));
    assertEquals(201, register(DeviceProxyContract.device("login-500", port, 2, 2000)).statusCode());
    JsonObject error = DeviceProxyContract.redfishError(proxied("/bmc/login-500/redfish/v1/Systems/1"), 502);
    String message = error.getString("message");
    assertTrue(message.contains("failed the login itself (HTTP 500") && message.contains("Base.1.8.InternalError"),
      error.encode());
    assertFalse(message.contains("credentials") || message.contains("SessionService"), error.encode());
  }

  @Test
  void aLoginRefusedForTheSessionLimitWithNoSessionHeldIs503WithRetryAfter() {
    int port = bmcs.startRefusingLogins(400, new JsonObject().put("error", new JsonObject()
      .put("code", "Base.1.8.SessionLimitExceeded").put("message", "The session establishment failed due to the "
        + "number of simultaneous sessions exceeding the limit of the implementation.")));
    assertEquals(201, register(DeviceProxyContract.device("login-full", port, 2, 2000)).statusCode());
    HttpResponse<Buffer> answer = proxied("/bmc/login-full/redfish/v1/Systems/1");
    JsonObject error = DeviceProxyContract.redfishError(answer, 503);
    assertEquals("2", answer.getHeader("Retry-After"));
    assertTrue(error.getString("message").contains("at its own session limit"), error.encode());
  }

  @Test
  void aServiceRootTheBmcDidNotServeIsAskedForAgainAtTheNextLogin() {
    int port = bmcs.startBootingWithSessionsElsewhere();
    assertEquals(201, register(DeviceProxyContract.device("booting-1", port, 1, 2000).put("auth", "session"))
      .statusCode());
    // The root answered 503: the login tries the standard Sessions path, which this BMC does not have.
    DeviceProxyContract.redfishError(proxied("/bmc/booting-1/redfish/v1/Systems/1"), 502);
    assertSystemServed("booting-1");
  }

  @Test
  void basicIsSentOnEveryRequestWhenRegisteredSo() {
    int port = bmcs.start(4, 1, 60, Quirks.NONE.basicOnly());
    assertEquals(201, register(DeviceProxyContract.device("basic-1", port, 2, 2000).put("auth", "basic")).statusCode());
    for (int i = 0; i < 3; i++) {
      assertSystemServed("basic-1");
    }
    assertEquals("basic", shown("basic-1").getString("auth"));
  }

  @Test
  void aWrongPasswordOnABasicOnlyBmcIsRefusedCredentialsAndAMissingSessionServiceIsNot() {
    int port = bmcs.start(4, 1, 60, Quirks.NONE.basicOnly());
    JsonObject wrong = DeviceProxyContract.device("basic-wrong", port, 2, 2000);
    wrong.getJsonObject("credentials").put("password", "wrong");
    assertEquals(201, register(wrong).statusCode());
    JsonObject refused = DeviceProxyContract.redfishError(proxied("/bmc/basic-wrong/redfish/v1/Systems/1"), 502);
    assertTrue(refused.getString("message").contains("refused the credentials"), refused.encode());

    assertEquals(201, register(DeviceProxyContract.device("basic-forced", port, 2, 2000).put("auth", "session"))
      .statusCode());
    JsonObject noSessions = DeviceProxyContract.redfishError(proxied("/bmc/basic-forced/redfish/v1/Systems/1"), 502);
    assertTrue(noSessions.getString("message").contains("has no SessionService"), noSessions.encode());
    assertFalse(noSessions.getString("message").contains("credentials"), noSessions.encode());
  }

  @Test
  void aGetOnAKeepAliveConnectionTheBmcClosedIsSentAgainOnAFreshOne() {
    int port = bmcs.startClosingOnReuse();
    assertEquals(201, register(DeviceProxyContract.device("reuse-1", port, 1, 2000).put("auth", "basic")).statusCode());
    double before = resent();
    for (int i = 0; i < 4; i++) {
      HttpResponse<Buffer> answer = proxied("/bmc/reuse-1/redfish/v1/Systems/1");
      assertEquals(200, answer.statusCode(), "request " + i + ": " + answer.bodyAsString());
    }
    // Request 2 meets the closed connection and goes again on a connection of its own (closed after it); request 3
    // opens a new pooled one, which request 4 meets closed: 2 re-sent, every answer a 200.
    assertEquals(2, resent() - before, "requests 2 and 4 met the connection the BMC had closed");
  }

  @Test
  void aBmcThatClosesIdleConnectionsWithoutNoticeIsReadAfterTheIdle() throws Exception {
    int port = bmcs.start(4, 1, 60, Quirks.NONE.idleCloseMillis(300));
    assertEquals(201, register(DeviceProxyContract.device("idle-1", port, 1, 2000)).statusCode());
    for (int i = 0; i < 3; i++) {
      assertSystemServed("idle-1");
      // Longer than the simulated BMC's 300 ms idle close: its socket is gone before the next request.
      Thread.sleep(500);
    }
    JsonObject stats = bmcs.stats(port);
    assertEquals(1, stats.getLong("logins"), stats.encode());
    assertEquals(0, stats.getLong("unauthorized"), stats.encode());
  }

  @Test
  void aPostWhoseBodyWentOutIsNotReplayed() {
    int port = bmcs.start(4, 1, 60);
    assertEquals(201, register(DeviceProxyContract.device("post-1", port, 1, 2000)).statusCode());
    HttpResponse<Buffer> answer = gateway().send(gateway().request(HttpMethod.POST,
      "/bmc/post-1/redfish/v1/Managers/1/Oem/Sim/CloseAfterBody").bearerTokenAuthentication(gateway().adminToken()),
      new JsonObject().put("ResetType", "On"));
    DeviceProxyContract.redfishError(answer, 502);
    assertEquals(1, bmcs.stats(port).getLong("bodiesReadThenClosed"), "the BMC got the POST once, not twice");
  }

  @Test
  void sixtyFourClientsMeetNoFailureFromABmcThatClosesEveryConnectionAfterSevenAnswers() throws Exception {
    int port = bmcs.start(16, 1, 60, Quirks.NONE.closeAfter(7));
    assertEquals(201, register(DeviceProxyContract.device("close-7", port, 2, 5000)).statusCode());
    double before = resent();
    // 6 s here; scripts/interop/deviceproxy-habits.sh runs the same for 60 s.
    Load load = load("/bmc/close-7/redfish/v1/Systems/1", 64, 6_000);
    System.out.printf("close-after 7, 64 clients, 6 s: %d GETs, %d failed, %.0f re-sent, %d connections closed by the BMC%n",
      load.done.get(), load.failures.size(), resent() - before, bmcs.stats(port).getLong("connectionsClosed"));
    assertTrue(load.failures.isEmpty(), load.failures.toString());
    assertTrue(load.done.get() > 500, "the load ran: " + load.done.get());
    assertTrue(resent() - before > 0, "the load met connections the BMC had closed, and sent those requests again");
  }

  @Test
  void aBmcFullAtThreeSessionsShrinksThePoolWithoutFailingAClient() throws Exception {
    for (SessionLimitStyle style : SessionLimitStyle.values()) {
      // Answers take 100 ms, so 64 clients keep the sessions busy enough that the pool tries to grow past 3.
      int port = bmcs.start(3, 50, 60, Quirks.NONE.sessionLimitStyle(style).answerLatencyMillis(100));
      String id = "limit-" + style.name().toLowerCase();
      assertEquals(201, register(DeviceProxyContract.device(id, port, 8, 5000)).statusCode());
      // 2 s of load, more on a machine too loaded to have the pool try past 3 by then (up to 10 s in all).
      List<String> failures = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 10_000;
      do {
        failures.addAll(load("/bmc/" + id + "/redfish/v1/Systems/1", 64, 2_000).failures);
      } while (bmcs.stats(port).getLong("rejectedLogins") == 0 && System.currentTimeMillis() < deadline);
      JsonObject stats = bmcs.stats(port);
      assertTrue(failures.isEmpty(), style + ": " + failures);
      assertTrue(stats.getInteger("peakSessions") <= 3, stats.encode());
      JsonObject pool = shown(id).getJsonObject("pool");
      assertEquals(3, pool.getInteger("effective"), style + ": " + pool.encode() + " " + stats.encode());
      assertEquals(8, pool.getInteger("maxSessions"));
    }
  }

  @Test
  void aShortBmcSessionTimeoutIsHonouredSoNoRequestMeetsA401() throws Exception {
    int port = bmcs.start(4, 1, 3);
    assertEquals(201, register(DeviceProxyContract.device("timeout-1", port, 1, 2000)).statusCode());
    assertSystemServed("timeout-1");
    // Past the simulated BMC's 3 s session timeout, which it counts on its own (the system's) clock.
    Thread.sleep(5_000);
    assertSystemServed("timeout-1");
    JsonObject stats = bmcs.stats(port);
    assertEquals(0, stats.getLong("unauthorized"), "the idle session was replaced before the BMC expired it: "
      + stats.encode());
    assertEquals(2, stats.getLong("logins"), stats.encode());
    assertEquals(3, shown("timeout-1").getJsonObject("pool").getInteger("bmcSessionTimeoutSeconds"));
  }

  private record Load(AtomicInteger done, List<String> failures) {
  }

  /** {@code clients} clients each sending GETs one after another for {@code millis}. */
  private Load load(String uri, int clients, long millis) {
    String token = gateway().adminToken();
    long until = System.currentTimeMillis() + millis;
    Load load = new Load(new AtomicInteger(), java.util.Collections.synchronizedList(new ArrayList<>()));
    List<Future<Void>> running = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      running.add(loop(uri, token, until, load));
    }
    await(Future.join(running));
    return load;
  }

  private Future<Void> loop(String uri, String token, long until, Load load) {
    if (System.currentTimeMillis() >= until) {
      return Future.succeededFuture();
    }
    return clients.request(HttpMethod.GET, gateway().port(), "127.0.0.1", uri).bearerTokenAuthentication(token).send()
      .transform(done -> {
        load.done.incrementAndGet();
        if (done.failed()) {
          load.failures.add(done.cause().toString());
        } else if (done.result().statusCode() != 200) {
          load.failures.add(done.result().statusCode() + " " + done.result().bodyAsString());
        }
        return loop(uri, token, until, load);
      });
  }

  private double resent() {
    HttpResponse<Buffer> metrics = gateway().send(gateway().request(HttpMethod.GET, "/metrics"));
    for (String line : metrics.bodyAsString().split("\n")) {
      if (line.startsWith("sessiongate_deviceproxy_requests_resent_total")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
