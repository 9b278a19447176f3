package io.sessiongate.deviceproxy;

import io.sessiongate.testing.Await;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gateway logs out of BMC sessions it no longer uses, and of all of them when it stops. */
class BmcSessionLifecycleTest {
  private final SimulatedBmcs bmcs = new SimulatedBmcs();

  @AfterEach
  void stop() {
    bmcs.close();
  }

  private static void use(TestGateway gateway, int port) {
    String admin = gateway.adminToken();
    gateway.send(gateway.request(HttpMethod.POST, "/admin/devices").bearerTokenAuthentication(admin),
      DeviceProxyContract.device("life-1", port, 2, 2000));
    assertEquals(200, gateway.send(gateway.request(HttpMethod.GET, "/bmc/life-1/redfish/v1/Systems/1")
      .bearerTokenAuthentication(admin)).statusCode());
  }

  private void awaitActiveSessions(int port, int expected) {
    Await.until("the BMC holds " + expected + " sessions", Duration.ofSeconds(15),
      () -> bmcs.stats(port).getInteger("activeSessions") == expected);
  }

  @Test
  void idleBmcSessionsAreLoggedOut() throws Exception {
    int port = bmcs.start(4, 1, 600);
    try (TestGateway gateway = TestGateway.inMemory(Map.of("devices.idle-session-seconds", "1"))) {
      use(gateway, port);
      assertEquals(1, bmcs.stats(port).getInteger("activeSessions"));
      awaitActiveSessions(port, 0);
    }
  }

  @Test
  void devicesListedInTheConfigurationAreRegisteredAtStart() {
    int port = bmcs.start(4, 1, 600);
    String configured = "[{\"id\": \"conf-1\", \"address\": \"http://127.0.0.1:" + port + "\", "
      + "\"tls\": {\"mode\": \"insecure\"}, \"credentials\": {\"username\": \"root\", \"password\": \"calvin\"}}]";
    try (TestGateway gateway = TestGateway.inMemory(Map.of("devices.configured", configured))) {
      assertEquals(200, gateway.send(gateway.request(HttpMethod.GET, "/bmc/conf-1/redfish/v1/Systems/1")
        .bearerTokenAuthentication(gateway.adminToken())).statusCode());
    }
  }

  @Test
  void stoppingTheGatewayLogsOutOfEveryBmcSession() throws Exception {
    int port = bmcs.start(4, 1, 600);
    TestGateway gateway = TestGateway.inMemory(Map.of());
    use(gateway, port);
    assertEquals(1, bmcs.stats(port).getInteger("activeSessions"));
    gateway.close();
    awaitActiveSessions(port, 0);
  }
}
