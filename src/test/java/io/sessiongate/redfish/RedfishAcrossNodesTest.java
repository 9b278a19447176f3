package io.sessiongate.redfish;

import io.sessiongate.testing.AdjustableClock;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.sessiongate.redfish.RedfishClient.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two gateways on one PostgreSQL with the same JWT key, as two nodes behind a load balancer: a session from
 * one works on the other, a logout on one is refused on both, and a session kept busy on one node is not
 * expired by the other. Both nodes run on one clock the tests advance.
 */
class RedfishAcrossNodesTest {
  private static final String SERVICE = "/redfish/v1/SessionService";
  private static final String SECRET = "c2hhcmVkLWNsdXN0ZXIta2V5LWZvci10aGUtdGVzdHMtb25seQ==";
  private static TestGateway nodeA;
  private static TestGateway nodeB;
  private static final AdjustableClock CLOCK = new AdjustableClock();

  @BeforeAll
  static void twoNodes() {
    Map<String, String> settings = new HashMap<>(RedfishInactivityContract.TIMEOUT_SETTINGS);
    settings.put("pg.uri", PostgresServer.shared().newDatabase("redfish_nodes"));
    settings.put("auth.jwt-secret", SECRET);
    nodeA = TestGateway.onPostgres("redfish_nodes", settings, CLOCK);
    nodeB = TestGateway.onPostgres("redfish_nodes", settings, CLOCK);
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
  }

  @Test
  void aLogoutOnOneNodeIsRefusedOnTheOtherWithinAMoment() {
    RedfishClient a = new RedfishClient(nodeA);
    RedfishClient b = new RedfishClient(nodeB);
    RedfishClient.Login login = a.login("admin", TestGateway.ADMIN_PASSWORD);
    assertEquals(200, b.withToken(HttpMethod.GET, SERVICE, login.token()).statusCode(), "node B knows the session");
    assertEquals(200, b.withToken(HttpMethod.GET, SERVICE, login.token()).statusCode(), "and has cached its token");

    assertEquals(204, a.withToken(HttpMethod.DELETE, login.uri(), login.token()).statusCode());

    error(a.withToken(HttpMethod.GET, SERVICE, login.token()), 401);
    // The revocation reaches node B through PostgreSQL's NOTIFY, in its own time.
    Await.until("node B refuses the ended session", Duration.ofSeconds(5),
      () -> b.withToken(HttpMethod.GET, SERVICE, login.token()).statusCode() != 200);
    error(b.withToken(HttpMethod.GET, SERVICE, login.token()), 401);
    error(b.withBasic(HttpMethod.GET, login.uri(), "admin", TestGateway.ADMIN_PASSWORD), 404);
  }

  @Test
  void aSessionKeptBusyOnOneNodeIsNotExpiredByTheOther() {
    RedfishClient a = new RedfishClient(nodeA);
    RedfishClient b = new RedfishClient(nodeB);
    RedfishClient.Login login = a.login("admin", TestGateway.ADMIN_PASSWORD);
    assertEquals(200, a.withToken(HttpMethod.GET, SERVICE, login.token()).statusCode());
    for (int thirds = 0; thirds < 9; thirds++) {
      assertEquals(200, b.withToken(HttpMethod.GET, SERVICE, login.token()).statusCode());
      RedfishInactivityContract.aThirdOfTheTimeoutLater(CLOCK);
    }
    assertEquals(200, a.withToken(HttpMethod.GET, login.uri(), login.token()).statusCode(),
      "node A sees the uses node B wrote back");
    assertEquals(200, a.withBasic(HttpMethod.GET, login.uri(), "admin", TestGateway.ADMIN_PASSWORD).statusCode());
  }

  @Test
  void aGatewayTokenFromOneNodeIsAnXAuthTokenOnTheOther() {
    String jwt = nodeA.adminToken();
    assertEquals(200, new RedfishClient(nodeB).withToken(HttpMethod.GET, SERVICE, jwt).statusCode());
  }
}
