package io.sessiongate.redfish;

import io.sessiongate.testing.AdjustableClock;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.sessiongate.redfish.RedfishClient.SESSIONS;
import static io.sessiongate.redfish.RedfishClient.error;
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
