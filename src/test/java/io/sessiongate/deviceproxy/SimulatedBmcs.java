package io.sessiongate.deviceproxy;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.WebClient;

import static io.sessiongate.testing.Await.await;

/** Real simulated BMCs (and a mute one) on loopback, for the device proxy tests. */
final class SimulatedBmcs implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient client = WebClient.create(vertx);

  int start(int maxSessions, int loginLatencyMillis, int sessionTimeoutSeconds) {
    SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin",
      maxSessions, loginLatencyMillis, sessionTimeoutSeconds, false));
    await(vertx.deployVerticle(bmc));
    return bmc.actualPort();
  }

  /** A BMC that accepts connections and never answers. */
  int startMute() {
    NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(data -> { }));
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  JsonObject stats(int port) {
    return await(client.get(port, "127.0.0.1", "/sim/stats").send()).bodyAsJsonObject();
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
