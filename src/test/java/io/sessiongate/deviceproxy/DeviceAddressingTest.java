package io.sessiongate.deviceproxy;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two ways to address a device (host name and path prefix) and the gateway's own SessionService on a
 * device path: a client logs in with gateway credentials and uses the gateway's token against the BMC.
 */
class DeviceAddressingTest {
  private static SimulatedBmcs bmcs;
  private static TestGateway gateway;
  private static int bmcPort;

  @BeforeAll
  static void start() {
    bmcs = new SimulatedBmcs();
    bmcPort = bmcs.start(16, 1, 600);
    gateway = TestGateway.inMemory(Map.of("devices.bmc-domain", "bmc.test"));
    HttpResponse<Buffer> registered = gateway.send(gateway.request(HttpMethod.POST, "/admin/devices")
      .bearerTokenAuthentication(gateway.adminToken()), DeviceProxyContract.device("sim1", bmcPort, 2, 2000));
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
  }

  @AfterAll
  static void stop() {
    gateway.close();
    bmcs.close();
  }

  @Test
  void aRedfishLoginOnTheDevicePathGivesAGatewaySessionThatReachesTheBmc() {
    long bmcLoginsBefore = bmcs.stats(bmcPort).getLong("logins");
    HttpResponse<Buffer> login = gateway.send(gateway.request(HttpMethod.POST, "/bmc/sim1/redfish/v1/SessionService/Sessions"),
      new JsonObject().put("UserName", "admin").put("Password", TestGateway.ADMIN_PASSWORD));
    assertEquals(201, login.statusCode(), login.bodyAsString());
    String token = login.getHeader("X-Auth-Token");
    assertNotNull(token);
    assertEquals(bmcLoginsBefore, bmcs.stats(bmcPort).getLong("logins"), "a client login does not log in to the BMC");
    HttpResponse<Buffer> system = gateway.send(gateway.request(HttpMethod.GET, "/bmc/sim1/redfish/v1/Systems/1")
      .putHeader("X-Auth-Token", token));
    assertEquals(200, system.statusCode(), system.bodyAsString());
    HttpResponse<Buffer> logout = gateway.send(gateway.request(HttpMethod.DELETE, "/bmc/sim1" + login.getHeader("Location"))
      .putHeader("X-Auth-Token", token));
    assertEquals(204, logout.statusCode(), logout.bodyAsString());
    assertEquals(401, gateway.send(gateway.request(HttpMethod.GET, "/bmc/sim1/redfish/v1/Systems/1")
      .putHeader("X-Auth-Token", token)).statusCode());
  }

  @Test
  void aHostNameUnderTheBmcDomainReachesTheDeviceWithoutRewriting() {
    HttpResponse<Buffer> system = gateway.send(gateway.request(HttpMethod.GET, "/redfish/v1/Systems/1")
      .virtualHost("sim1.bmc.test").bearerTokenAuthentication(gateway.adminToken()));
    assertEquals(200, system.statusCode(), system.bodyAsString());
    JsonObject body = system.bodyAsJsonObject();
    assertEquals("/redfish/v1/Systems/1", body.getString("@odata.id"));
    assertEquals("Simulated System", body.getString("Name"));
  }

  @Test
  void aHostNameReachesOnlyADeviceOfTheCallersTenant() {
    HttpResponse<Buffer> registered = gateway.send(gateway.request(HttpMethod.POST, "/admin/devices")
      .bearerTokenAuthentication(gateway.adminToken()), DeviceProxyContract.device("sim-t1", bmcPort, 2, 2000)
      .put("tenants", new JsonArray().add("t1")));
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
    assertEquals(201, gateway.send(gateway.request(HttpMethod.POST, "/admin/users")
      .bearerTokenAuthentication(gateway.adminToken()), new JsonObject().put("login", "host-t1")
      .put("password", "password-of-host-t1").put("tenant", "t1")).statusCode());
    String t1 = gateway.token("host-t1", "password-of-host-t1");
    assertEquals(200, gateway.send(gateway.request(HttpMethod.GET, "/redfish/v1/Systems/1").virtualHost("sim-t1.bmc.test")
      .bearerTokenAuthentication(t1)).statusCode());
    HttpResponse<Buffer> admins = gateway.send(gateway.request(HttpMethod.GET, "/redfish/v1/Systems/1")
      .virtualHost("sim1.bmc.test").bearerTokenAuthentication(t1));
    HttpResponse<Buffer> unknown = gateway.send(gateway.request(HttpMethod.GET, "/redfish/v1/Systems/1")
      .virtualHost("nope.bmc.test").bearerTokenAuthentication(t1));
    DeviceProxyContract.redfishError(admins, 404);
    assertEquals(unknown.bodyAsString().replace("nope", "X"), admins.bodyAsString().replace("sim1", "X"),
      "a device of no tenant looks unregistered to a tenant's user");
  }

  @Test
  void theGatewaysOwnRedfishServiceAnswersOtherHostNames() {
    HttpResponse<Buffer> root = gateway.send(gateway.request(HttpMethod.GET, "/redfish/v1"));
    assertEquals(200, root.statusCode());
    assertTrue(root.bodyAsJsonObject().containsKey("SessionService"));
    HttpResponse<Buffer> unknown = gateway.send(gateway.request(HttpMethod.GET, "/redfish/v1/Systems/1")
      .virtualHost("nope.bmc.test").bearerTokenAuthentication(gateway.adminToken()));
    assertEquals(404, unknown.statusCode(), unknown.bodyAsString());
  }
}
