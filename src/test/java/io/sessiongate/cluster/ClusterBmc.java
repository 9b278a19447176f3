package io.sessiongate.cluster;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A simulated BMC (real Redfish over real HTTP, in the test's JVM) behind the cluster: whichever node a client
 * reaches, one node owns the device's BMC sessions, so the BMC never holds more than the device's
 * {@code maxSessions}.
 */
final class ClusterBmc {
  /** The gateway's default devices.shards. */
  static final int SHARDS = 16;
  static final int MAX_SESSIONS = 2;

  private final WebClient client;
  final int port;

  ClusterBmc(Vertx vertx) {
    SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin",
      16, 300, 120, false));
    await(vertx.deployVerticle(bmc));
    this.port = bmc.actualPort();
    this.client = WebClient.create(vertx);
  }

  JsonObject stats() {
    return await(client.get(port, "127.0.0.1", "/sim/stats").send()).bodyAsJsonObject();
  }

  static String shard(String deviceId) {
    return "deviceproxy.shard." + Math.floorMod(deviceId.hashCode(), SHARDS);
  }

  static long shardsHeld(GatewayProcess node) {
    return node.cluster().getJsonArray("duties").stream().filter(d -> d.toString().startsWith("deviceproxy.shard.")).count();
  }

  /** A device id whose shard {@code node} owns. */
  static String deviceOwnedBy(GatewayProcess node) {
    for (int i = 0; i < 10_000; i++) {
      String id = "fleet-" + i;
      if (node.holds(shard(id))) {
        return id;
      }
    }
    throw new AssertionError(node.name() + " owns no device shard: " + node.cluster().encode());
  }

  void register(GatewayProcess node, String adminToken, String deviceId) {
    HttpResponse<Buffer> created = node.send(node.request(HttpMethod.POST, "/admin/devices")
      .bearerTokenAuthentication(adminToken), new JsonObject().put("id", deviceId)
      .put("address", "http://127.0.0.1:" + port).put("tls", new JsonObject().put("mode", "insecure"))
      .put("credentials", new JsonObject().put("username", "root").put("password", "calvin"))
      .put("maxSessions", MAX_SESSIONS));
    assertEquals(201, created.statusCode(), created.bodyAsString());
  }

  /** {@code count} GETs of a Redfish resource of the device at once, spread over {@code nodes}; their statuses. */
  static List<Integer> readAtOnce(String deviceId, List<GatewayProcess> nodes, String token, int count) {
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GatewayProcess node = nodes.get(i % nodes.size());
      calls.add(node.request(HttpMethod.GET, "/bmc/" + deviceId + "/redfish/v1/Systems/1")
        .bearerTokenAuthentication(token).send());
    }
    await(Future.join(calls));
    return calls.stream().map(call -> call.succeeded() ? call.result().statusCode() : -1).toList();
  }
}
