package io.sessiongate.deviceproxy;

import io.sessiongate.bmcsim.SimulatedBmcOptions.LocationStyle;
import io.sessiongate.bmcsim.SimulatedBmcOptions.Quirks;
import io.sessiongate.testing.Await;
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
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Passthrough mode: the client's own BMC credentials go to the BMC; it gets a gateway token, never the BMC's. */
class PassthroughDeviceTest {
  private static SimulatedBmcs bmcs;
  private static TestGateway gateway;
  private static int bmcPort;

  /** Where the BMCs of the sessions-elsewhere tests keep their Sessions collection (their service root says so). */
  private static final String ELSEWHERE = "/redfish/v1/AccountService/Logins";

  @BeforeAll
  static void start() {
    bmcs = new SimulatedBmcs();
    bmcPort = bmcs.start(16, 1, 600);
    gateway = TestGateway.onPostgres("passthrough", Map.of());
    register("pt-1", bmcPort);
  }

  private static void register(String id, int port) {
    JsonObject device = new JsonObject().put("id", id).put("address", "http://127.0.0.1:" + port)
      .put("mode", "passthrough").put("tls", new JsonObject().put("mode", "insecure"));
    HttpResponse<Buffer> registered = gateway.send(gateway.request(HttpMethod.POST, "/admin/devices")
      .bearerTokenAuthentication(gateway.adminToken()), device);
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
  }

  private static void awaitActiveSessions(int port, int expected) {
    Await.until("the BMC holds " + expected + " sessions", Duration.ofSeconds(5),
      () -> bmcs.stats(port).getInteger("activeSessions") == expected);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    bmcs.close();
  }

  private HttpResponse<Buffer> login(String user, String password) {
    return gateway.send(gateway.request(HttpMethod.POST, "/bmc/pt-1/redfish/v1/SessionService/Sessions"),
      new JsonObject().put("UserName", user).put("Password", password));
  }

  @Test
  void aClientLogsInToTheBmcWithItsOwnCredentialsBehindAGatewayToken() {
    long loginsBefore = bmcs.stats(bmcPort).getLong("logins");
    HttpResponse<Buffer> login = login("root", "calvin");
    assertEquals(201, login.statusCode(), login.bodyAsString());
    String token = login.getHeader("X-Auth-Token");
    assertNotNull(token);
    assertEquals(64, token.length(), "a gateway token, not the BMC's 32-digit one");
    assertEquals("/bmc/pt-1/redfish/v1/SessionService/Sessions/" + login.bodyAsJsonObject().getString("Id"),
      login.getHeader("Location"));
    assertEquals(loginsBefore + 1, bmcs.stats(bmcPort).getLong("logins"));

    HttpResponse<Buffer> system = gateway.send(gateway.request(HttpMethod.GET, "/bmc/pt-1/redfish/v1/Systems/1")
      .putHeader("X-Auth-Token", token));
    assertEquals(200, system.statusCode(), system.bodyAsString());
    assertEquals("/bmc/pt-1/redfish/v1/Systems/1", system.bodyAsJsonObject().getString("@odata.id"));

    HttpResponse<Buffer> logout = gateway.send(gateway.request(HttpMethod.DELETE, login.getHeader("Location"))
      .putHeader("X-Auth-Token", token));
    assertEquals(204, logout.statusCode(), logout.bodyAsString());
    assertEquals(401, gateway.send(gateway.request(HttpMethod.GET, "/bmc/pt-1/redfish/v1/Systems/1")
      .putHeader("X-Auth-Token", token)).statusCode());
  }

  @Test
  void wrongBmcCredentialsAreTheBmcs401AndGatewayCredentialsDoNotOpenThePassthroughDevice() {
    HttpResponse<Buffer> wrong = login("root", "not-calvin");
    assertEquals(401, wrong.statusCode());
    assertFalse(wrong.headers().contains("X-Auth-Token"));
    assertNotEquals(200, gateway.send(gateway.request(HttpMethod.GET, "/bmc/pt-1/redfish/v1/Systems/1")
      .bearerTokenAuthentication(gateway.adminToken())).statusCode());
  }

  @Test
  void basicCredentialsGoStraightToTheBmc() {
    assertEquals(200, gateway.send(gateway.request(HttpMethod.GET, "/bmc/pt-1/redfish/v1/Systems/1")
      .basicAuthentication("root", "calvin")).statusCode());
    assertEquals(401, gateway.send(gateway.request(HttpMethod.GET, "/bmc/pt-1/redfish/v1/Systems/1")
      .basicAuthentication("root", "nope")).statusCode());
  }

  @Test
  void aLoginAtTheSessionsCollectionTheServiceRootNamesGetsAGatewayToken() throws Exception {
    int port = bmcs.start(4, 1, 600, Quirks.NONE.sessionsPath(ELSEWHERE).location(LocationStyle.RELATIVE));
    register("pt-elsewhere", port);
    HttpResponse<Buffer> login = gateway.send(gateway.request(HttpMethod.POST, "/bmc/pt-elsewhere" + ELSEWHERE),
      new JsonObject().put("UserName", "root").put("Password", "calvin"));
    assertEquals(201, login.statusCode(), login.bodyAsString());
    String token = login.getHeader("X-Auth-Token");
    assertNotNull(token, "recognised as a login: the BMC's token mapped to one of the gateway's");
    assertEquals(64, token.length());
    HttpResponse<Buffer> system = gateway.send(gateway.request(HttpMethod.GET, "/bmc/pt-elsewhere/redfish/v1/Systems/1")
      .putHeader("X-Auth-Token", token));
    assertEquals(200, system.statusCode(), system.bodyAsString());

    // The relative Location ("Logins/1") reaches the client relative to the login it posted, on the gateway.
    String sessionPath = "/bmc/pt-elsewhere" + ELSEWHERE + "/" + login.bodyAsJsonObject().getString("Id");
    assertEquals(sessionPath, java.net.URI.create("/bmc/pt-elsewhere" + ELSEWHERE)
      .resolve(login.getHeader("Location")).getPath());
    HttpResponse<Buffer> logout = gateway.send(gateway.request(HttpMethod.DELETE, sessionPath)
      .putHeader("X-Auth-Token", token));
    assertEquals(204, logout.statusCode(), logout.bodyAsString());
    assertEquals(401, gateway.send(gateway.request(HttpMethod.GET, "/bmc/pt-elsewhere/redfish/v1/Systems/1")
      .putHeader("X-Auth-Token", token)).statusCode(), "the mapping went with the BMC session");
    awaitActiveSessions(port, 0);
  }

  /**
   * The device is removed while a client logs in to it: the session the BMC opens cannot be recorded, and the
   * gateway logs it out at once, at the relative Location resolved against the collection (not at "Sessions/1").
   */
  @Test
  void aSessionThatCannotBeRecordedIsLoggedOutAtItsResolvedRelativeLocation() throws Exception {
    int port = bmcs.start(new io.sessiongate.bmcsim.SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4, 1500,
      600, false, Quirks.NONE.location(LocationStyle.RELATIVE)));
    register("pt-removed", port);
    Future<HttpResponse<Buffer>> login = gateway.request(HttpMethod.POST, "/bmc/pt-removed/redfish/v1/SessionService/Sessions")
      .sendJsonObject(new JsonObject().put("UserName", "root").put("Password", "calvin"));
    // By then the gateway holds the login, forwarded to the BMC (which takes 1.5 s to answer it and counts
    // a login only once it answered): a wait for the simulated BMC's socket, with nothing to poll.
    Thread.sleep(500);
    assertEquals(204, gateway.send(gateway.request(HttpMethod.DELETE, "/admin/devices/pt-removed")
      .bearerTokenAuthentication(gateway.adminToken())).statusCode());
    HttpResponse<Buffer> answered = await(login);
    assertEquals(503, answered.statusCode(), answered.bodyAsString());
    assertFalse(answered.headers().contains("X-Auth-Token"));
    assertEquals(1, bmcs.stats(port).getLong("logins"), "the BMC did open the session");
    awaitActiveSessions(port, 0);
  }
}
