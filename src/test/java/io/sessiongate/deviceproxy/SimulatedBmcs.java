package io.sessiongate.deviceproxy;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.HashMap;
import java.util.Map;

import static io.sessiongate.testing.Await.await;

/** Real simulated BMCs (and a mute one) on loopback, for the device proxy tests. */
final class SimulatedBmcs implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient client = WebClient.create(vertx);
  private final WebClient tlsClient = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true)
    .setVerifyHost(false));
  private final Map<Integer, String> deployments = new HashMap<>();
  private final Map<Integer, Boolean> tls = new HashMap<>();

  int start(int maxSessions, int loginLatencyMillis, int sessionTimeoutSeconds) {
    return start(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", maxSessions, loginLatencyMillis,
      sessionTimeoutSeconds, false));
  }

  /** A BMC with the habits {@code quirks} give it. */
  int start(int maxSessions, int loginLatencyMillis, int sessionTimeoutSeconds, SimulatedBmcOptions.Quirks quirks) {
    return start(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", maxSessions, loginLatencyMillis,
      sessionTimeoutSeconds, false, quirks));
  }

  int start(SimulatedBmcOptions options) {
    SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(options);
    String id = await(vertx.deployVerticle(bmc));
    deployments.put(bmc.actualPort(), id);
    tls.put(bmc.actualPort(), options.tls());
    return bmc.actualPort();
  }

  /** Stops the BMC on {@code port} (its connections close with it). */
  void stop(int port) {
    await(vertx.undeploy(deployments.remove(port)));
  }

  /** A BMC that accepts connections and never answers. */
  int startMute() {
    NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(data -> { }));
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  /**
   * A Basic-only "BMC" that answers the first request on each connection (keep-alive, with a length) and closes
   * the connection, unanswered, when a second request comes on it: what a client that reuses a keep-alive
   * connection the BMC has just closed meets, every time rather than by chance.
   */
  int startClosingOnReuse() {
    Buffer body = Buffer.buffer("{\"@odata.id\":\"/redfish/v1/Systems/1\",\"Id\":\"1\"}");
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      int[] requests = {0};
      Buffer[] received = {Buffer.buffer()};
      socket.handler(data -> {
        received[0].appendBuffer(data);
        if (!received[0].toString().contains("\r\n\r\n")) {
          return;
        }
        received[0] = Buffer.buffer();
        if (++requests[0] > 1) {
          socket.close();
          return;
        }
        socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n").appendBuffer(body));
      });
    });
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  JsonObject stats(int port) {
    return await((tls.getOrDefault(port, false) ? tlsClient : client).get(port, "127.0.0.1", "/sim/stats").send())
      .bodyAsJsonObject();
  }

  /** The BMC forgets every session at once, telling nobody (as a reboot does). */
  void dropSessions(int port) {
    await((tls.getOrDefault(port, false) ? tlsClient : client).post(port, "127.0.0.1", "/sim/drop-sessions").send());
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
