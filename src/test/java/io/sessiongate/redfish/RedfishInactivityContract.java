package io.sessiongate.redfish;

import io.sessiongate.testing.AdjustableClock;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.sessiongate.redfish.RedfishClient.SESSIONS;
import static io.sessiongate.redfish.RedfishClient.error;
import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * SessionTimeout counts from the last use, not from the login, although the authenticator caches validated
 * tokens; run on both stores, on a clock the tests advance (a half-minute timeout leaves room for a slow
 * request, whose real time the clock counts too).
 */
abstract class RedfishInactivityContract extends GatewayPerTestClass {
  static final int TIMEOUT_SECONDS = 30;
  static final int ACTIVITY_WRITE_MILLIS = 50;
  static final Map<String, String> TIMEOUT_SETTINGS = Map.of(
    "redfish.session-timeout-seconds", Integer.toString(TIMEOUT_SECONDS),
    "redfish.activity-write-millis", Integer.toString(ACTIVITY_WRITE_MILLIS));
  private static final String SERVICE = "/redfish/v1/SessionService";

  /** The gateway's clock; each store's test class starts its gateway on it. */
  final AdjustableClock clock = new AdjustableClock();

  @Test
  void aSessionInUseOutlivesItsTimeout() {
    RedfishClient redfish = new RedfishClient(gateway());
    RedfishClient.Login login = redfish.login("admin", TestGateway.ADMIN_PASSWORD);
    for (int thirds = 0; thirds < 9; thirds++) {
      assertEquals(200, redfish.withToken(HttpMethod.GET, SERVICE, login.token()).statusCode(),
        "a session used every third of its timeout stays alive");
      aThirdOfTheTimeoutLater(clock);
    }
    assertEquals(200, redfish.withToken(HttpMethod.GET, login.uri(), login.token()).statusCode());
  }

  /**
   * A session used only below a merged member (forwarded to its BMC, past the Redfish contract's routes) is in use
   * too: it outlives its timeout, and an unused one beside it does not.
   */
  @Test
  void aSessionUsedOnlyBelowAMergedMemberOutlivesItsTimeout() {
    Vertx bmcs = Vertx.vertx();
    try {
      SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4,
        1, 60, false));
      await(bmcs.deployVerticle(bmc));
      JsonObject device = new JsonObject().put("id", "inactive-1").put("address", "http://127.0.0.1:" + bmc.actualPort())
        .put("tls", new JsonObject().put("mode", "insecure"))
        .put("credentials", new JsonObject().put("username", "root").put("password", "calvin"));
      assertEquals(201, gateway().send(gateway().request(HttpMethod.POST, "/admin/devices")
        .bearerTokenAuthentication(gateway().adminToken()), device).statusCode());
      RedfishClient redfish = new RedfishClient(gateway());
      RedfishClient.Login member = redfish.login("admin", TestGateway.ADMIN_PASSWORD);
      RedfishClient.Login unused = redfish.login("admin", TestGateway.ADMIN_PASSWORD);
      for (int thirds = 0; thirds < 6; thirds++) {
        assertEquals(200, redfish.withToken(HttpMethod.GET, "/redfish/v1/Systems/inactive-1_1", member.token())
          .statusCode(), "a member read every third of the timeout");
        aThirdOfTheTimeoutLater(clock);
      }
      assertEquals(200, redfish.withToken(HttpMethod.GET, member.uri(), member.token()).statusCode());
      error(redfish.withToken(HttpMethod.GET, SERVICE, unused.token()), 401);
    } finally {
      await(bmcs.close());
    }
  }

  /**
   * A third of the SessionTimeout passes, after the session verticle's write-back timer (real time, not the
   * clock's) has written the last use: the expiry counts on a use being written within one write-back period.
   */
  static void aThirdOfTheTimeoutLater(AdjustableClock clock) {
    Await.pause(3L * ACTIVITY_WRITE_MILLIS);
    clock.advance(Duration.ofSeconds(TIMEOUT_SECONDS).dividedBy(3));
  }

  @Test
  void anIdleSessionEndsAfterTheTimeout() {
    RedfishClient redfish = new RedfishClient(gateway());
    RedfishClient.Login used = redfish.login("admin", TestGateway.ADMIN_PASSWORD);
    RedfishClient.Login unused = redfish.login("admin", TestGateway.ADMIN_PASSWORD);
    assertEquals(200, redfish.withToken(HttpMethod.GET, SERVICE, used.token()).statusCode());

    clock.advance(Duration.ofMillis(TIMEOUT_SECONDS * 1000L + 500));

    error(redfish.withToken(HttpMethod.GET, SERVICE, used.token()), 401);
    error(redfish.withToken(HttpMethod.GET, SERVICE, unused.token()), 401);
    error(redfish.withBasic(HttpMethod.GET, used.uri(), "admin", TestGateway.ADMIN_PASSWORD), 404);
    String members = redfish.withBasic(HttpMethod.GET, SESSIONS, "admin", TestGateway.ADMIN_PASSWORD).bodyAsString();
    assertFalse(members.contains(used.uri()) || members.contains(unused.uri()), members);
  }
}
