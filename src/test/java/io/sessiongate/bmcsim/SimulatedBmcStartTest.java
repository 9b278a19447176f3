package io.sessiongate.bmcsim;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bmc-sim's start, with the habits a test or benchmark host relies on. */
class SimulatedBmcStartTest {
  /**
   * The self-signed certificate of --tls takes seconds to make (an RSA key) on a loaded machine; made on the event
   * loop, it stalls every verticle sharing that loop. On a Vert.x with one event loop, a 10 ms timer keeps
   * ticking while a TLS BMC starts: no gap between its ticks is near the time the start takes. (Relative, not a
   * fixed bound: on a loaded machine the router's own setup stalls the loop for a moment too.)
   */
  @Test
  void aTlsBmcMakesItsCertificateWithoutStallingTheEventLoop() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      // Classes the start loads once per JVM are loaded by a plain BMC first, so the gap measured is the TLS start's.
      await(vertx.deployVerticle(new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4,
        1, 60, false))));
      AtomicLong lastTick = new AtomicLong(System.nanoTime());
      AtomicLong longestGap = new AtomicLong();
      long ticker = vertx.setPeriodic(10, id -> {
        long now = System.nanoTime();
        longestGap.accumulateAndGet(now - lastTick.getAndSet(now), Math::max);
      });
      long started = System.nanoTime();
      SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4,
        1, 60, true));
      await(vertx.deployVerticle(bmc));
      long startMillis = (System.nanoTime() - started) / 1_000_000;
      vertx.cancelTimer(ticker);
      long gapMillis = longestGap.get() / 1_000_000;
      assertTrue(gapMillis < startMillis / 2, "the event loop stalled " + gapMillis + " ms during a start of " + startMillis + " ms");

      WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
      JsonObject root = await(client.get(bmc.actualPort(), "127.0.0.1", "/redfish/v1").send()).bodyAsJsonObject();
      assertEquals("/redfish/v1", root.getString("@odata.id"), "served over TLS");
    } finally {
      await(vertx.close());
    }
  }
}
