package io.sessiongate.deviceproxy;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Passthrough mode: the client's own BMC credentials go to the BMC; it gets a gateway token, never the BMC's. */
class PassthroughDeviceTest {
  private static SimulatedBmcs bmcs;
  private static TestGateway gateway;
  private static int bmcPort;

  @BeforeAll
  static void start() {
    bmcs = new SimulatedBmcs();
    bmcPort = bmcs.start(16, 1, 600);
    gateway = TestGateway.onPostgres("passthrough", Map.of());
    JsonObject device = new JsonObject().put("id", "pt-1").put("address", "http://127.0.0.1:" + bmcPort)
      .put("mode", "passthrough").put("tls", new JsonObject().put("mode", "insecure"));
    HttpResponse<Buffer> registered = gateway.send(gateway.request(HttpMethod.POST, "/admin/devices")
      .bearerTokenAuthentication(gateway.adminToken()), device);
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
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
}
