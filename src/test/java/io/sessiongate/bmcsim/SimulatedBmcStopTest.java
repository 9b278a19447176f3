package io.sessiongate.bmcsim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stopped bmc-sim answers nothing, not even on a keep-alive connection a client opened before: tests stop one to
 * stand for a BMC that went away (Vert.x's own close of the server let such a connection answer, a few times in a
 * hundred, just after the undeploy had completed).
 */
class SimulatedBmcStopTest {
  private static final int STOPS = 60;

  @Test
  void aStoppedBmcAnswersNothingOnAConnectionOpenedBefore() {
    Vertx bmcs = Vertx.vertx();
    Vertx clients = Vertx.vertx();
    try {
      WebClient client = WebClient.create(clients);
      List<Integer> answeredAfterStop = new ArrayList<>();
      for (int i = 0; i < STOPS; i++) {
        SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4,
          1, 60, false));
        String deployment = await(bmcs.deployVerticle(bmc));
        int port = bmc.actualPort();
        assertEquals(200, await(client.get(port, "127.0.0.1", "/redfish/v1/").send()).statusCode());
        await(bmcs.undeploy(deployment));
        boolean answered = await(client.get(port, "127.0.0.1", "/redfish/v1/").send()
          .map(true).otherwise(false));
        if (answered) {
          answeredAfterStop.add(i);
        }
      }
      assertEquals(List.of(), answeredAfterStop, "stops after which the BMC still answered");
    } finally {
      await(Future.join(bmcs.close(), clients.close()));
    }
  }
}
