package io.sessiongate.bmcsim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bmc-sim's ComputerSystem actions, over real HTTP: the reset delay, SetDefaultBootOrder, both in /sim/stats. */
class SimulatedBmcActionsTest {
  private static final int RESET_DELAY_MS = 400;

  @Test
  void aResetAnswersAfterItsDelayAndSetDefaultBootOrderIsRecorded() {
    Vertx vertx = Vertx.vertx();
    try {
      SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4,
        1, 60, false).with(SimulatedBmcOptions.Quirks.NONE.resetDelayMillis(RESET_DELAY_MS)));
      await(vertx.deployVerticle(bmc));
      WebClient client = WebClient.create(vertx);
      JsonObject system = await(client.get(bmc.actualPort(), "127.0.0.1", "/redfish/v1/Systems/1")
        .basicAuthentication("root", "calvin").send()).bodyAsJsonObject();
      assertEquals("/redfish/v1/Systems/1/Actions/ComputerSystem.SetDefaultBootOrder", system.getJsonObject("Actions")
        .getJsonObject("#ComputerSystem.SetDefaultBootOrder").getString("target"), system.encode());

      long started = System.nanoTime();
      HttpResponse<Buffer> reset = await(client.post(bmc.actualPort(), "127.0.0.1",
        "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset").basicAuthentication("root", "calvin")
        .sendJsonObject(new JsonObject().put("ResetType", "ForceRestart")));
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(204, reset.statusCode(), reset.bodyAsString());
      assertTrue(tookMillis >= RESET_DELAY_MS, "answered after " + tookMillis + " ms");

      HttpResponse<Buffer> bootOrder = await(client.post(bmc.actualPort(), "127.0.0.1",
        "/redfish/v1/Systems/1/Actions/ComputerSystem.SetDefaultBootOrder").basicAuthentication("root", "calvin")
        .sendJsonObject(new JsonObject()));
      assertEquals(204, bootOrder.statusCode(), bootOrder.bodyAsString());
      HttpResponse<Buffer> anonymous = await(client.post(bmc.actualPort(), "127.0.0.1",
        "/redfish/v1/Systems/1/Actions/ComputerSystem.SetDefaultBootOrder").sendJsonObject(new JsonObject()));
      assertEquals(401, anonymous.statusCode(), "the action needs credentials, as every Redfish request");

      JsonObject stats = await(client.get(bmc.actualPort(), "127.0.0.1", "/sim/stats").send()).bodyAsJsonObject();
      assertEquals("ForceRestart", stats.getJsonArray("resets").getJsonObject(0).getString("ResetType"));
      JsonArray bootOrders = stats.getJsonArray("defaultBootOrders");
      assertEquals(1, bootOrders.size(), stats.encode());
      assertEquals("1", bootOrders.getJsonObject(0).getString("member"));
    } finally {
      await(vertx.close());
    }
  }
}
