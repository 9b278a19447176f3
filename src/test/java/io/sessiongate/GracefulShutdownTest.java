package io.sessiongate;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway.stop drains: a request in flight when the stop begins (here one that waits 1.5 s for a slow BMC
 * login) gets its whole answer, a new connection is refused at once, readiness says the node is draining, and
 * the node gives up its cluster duties.
 */
class GracefulShutdownTest {
  private final Vertx bmcVertx = Vertx.vertx();
  private final Vertx clientVertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(bmcVertx.close());
    await(clientVertx.close());
  }

  @Test
  void aRequestInFlightFinishesWhileNewConnectionsAreRefused() throws Exception {
    SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin",
      4, 1500, 600, false));
    await(bmcVertx.deployVerticle(bmc));
    TestGateway gateway = TestGateway.inMemory(Map.of("http.shutdown-grace-seconds", "10"));
    String admin = gateway.adminToken();
    assertEquals(201, gateway.send(gateway.request(HttpMethod.POST, "/admin/devices").bearerTokenAuthentication(admin),
      new JsonObject().put("id", "slow-1").put("address", "http://127.0.0.1:" + bmc.actualPort())
        .put("tls", new JsonObject().put("mode", "insecure"))
        .put("credentials", new JsonObject().put("username", "root").put("password", "calvin"))
        .put("maxSessions", 2).put("timeoutMs", 5000)).statusCode());
    assertTrue(gateway.gateway().cluster().describe().getJsonArray("duties").contains("revocations.prune"),
      "alone on the in-process store, the node holds every duty");

    WebClient client = WebClient.create(clientVertx, new WebClientOptions().setSsl(true).setTrustAll(true)
      .setVerifyHost(false).setDefaultHost("127.0.0.1").setDefaultPort(gateway.port()));
    Future<HttpResponse<Buffer>> inFlight = client.get("/bmc/slow-1/redfish/v1/Systems/1")
      .bearerTokenAuthentication(admin).send();
    // The simulated BMC holds each answer 1.5 s and counts nothing a test could poll: give the request
    // time to reach its socket.
    Thread.sleep(500);
    CompletableFuture<Void> stopped = CompletableFuture.runAsync(gateway::close);
    Await.until("the gateway drains", Duration.ofSeconds(1), () -> gateway.gateway().cluster().draining());
    WebClient newcomer = WebClient.create(clientVertx, new WebClientOptions().setSsl(true).setTrustAll(true)
      .setVerifyHost(false).setDefaultHost("127.0.0.1").setDefaultPort(gateway.port()));
    // Readiness says draining first, then the listener closes (a few milliseconds later on a busy machine).
    Await.until("new connections are refused", Duration.ofSeconds(1), () -> await(newcomer.get("/health/live").send()
      .transform(answered -> Future.succeededFuture(answered.failed()
        && String.valueOf(answered.cause().getMessage()).contains("Connection refused")))));
    assertFalse(inFlight.isComplete(), "the listener closed while the request was still under way");
    assertFalse(stopped.isDone(), "the stop waits for the request in flight");

    HttpResponse<Buffer> answered = await(inFlight);
    assertEquals(200, answered.statusCode(), answered.bodyAsString());
    assertEquals("/redfish/v1/Systems/1", answered.bodyAsJsonObject().getString("@odata.id").replace("/bmc/slow-1", ""));
    stopped.get(30, TimeUnit.SECONDS);
    assertTrue(gateway.gateway().cluster().describe().getJsonArray("duties").isEmpty(), "duties released");
  }
}
