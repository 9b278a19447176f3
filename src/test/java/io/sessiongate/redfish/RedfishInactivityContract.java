package io.sessiongate.redfish;

import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.sessiongate.redfish.RedfishClient.SESSIONS;
import static io.sessiongate.redfish.RedfishClient.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * SessionTimeout counts from the last use, not from the login, although the authenticator caches validated
 * tokens; run with a 2 s timeout on both stores.
 */
abstract class RedfishInactivityContract extends GatewayPerTestClass {
  static final int TIMEOUT_SECONDS = 2;
  static final Map<String, String> SHORT_TIMEOUT = Map.of(
    "redfish.session-timeout-seconds", Integer.toString(TIMEOUT_SECONDS),
    "redfish.activity-write-millis", "100");
  private static final String SERVICE = "/redfish/v1/SessionService";


  @Test
  void aSessionInUseOutlivesItsTimeout() throws InterruptedException {
    RedfishClient redfish = new RedfishClient(gateway());
    RedfishClient.Login login = redfish.login("admin", TestGateway.ADMIN_PASSWORD);
    long until = System.currentTimeMillis() + 3L * TIMEOUT_SECONDS * 1000;
    while (System.currentTimeMillis() < until) {
      assertEquals(200, redfish.withToken(HttpMethod.GET, SERVICE, login.token()).statusCode(),
        "a session used every 250 ms stays alive");
      Thread.sleep(250);
    }
    assertEquals(200, redfish.withToken(HttpMethod.GET, login.uri(), login.token()).statusCode());
  }

  @Test
  void anIdleSessionEndsAfterTheTimeout() throws InterruptedException {
    RedfishClient redfish = new RedfishClient(gateway());
    RedfishClient.Login used = redfish.login("admin", TestGateway.ADMIN_PASSWORD);
    RedfishClient.Login unused = redfish.login("admin", TestGateway.ADMIN_PASSWORD);
    assertEquals(200, redfish.withToken(HttpMethod.GET, SERVICE, used.token()).statusCode());

    Thread.sleep(TIMEOUT_SECONDS * 1000L + 500);

    error(redfish.withToken(HttpMethod.GET, SERVICE, used.token()), 401);
    error(redfish.withToken(HttpMethod.GET, SERVICE, unused.token()), 401);
    error(redfish.withBasic(HttpMethod.GET, used.uri(), "admin", TestGateway.ADMIN_PASSWORD), 404);
    String members = redfish.withBasic(HttpMethod.GET, SESSIONS, "admin", TestGateway.ADMIN_PASSWORD).bodyAsString();
    assertFalse(members.contains(used.uri()) || members.contains(unused.uri()), members);
  }
}
