package io.sessiongate.aggregation;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.sessiongate.testing.GatewayProcess;
import io.sessiongate.testing.ClusterEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateway processes ({@code java -jar target/sessiongate.jar run --cluster}) on one PostgreSQL: a batch reset
 * started on node 1 is killed with SIGKILL between its batches, and node 2 finishes it: every BMC is reset once and
 * the task, read from node 2, ends with one message per target. How long the take-over took is printed and written
 * to target/aggregation-it/measurements.txt.
 */
class AggregationTaskIT {
  private static final String ADMIN_PASSWORD = "aggregation-admin-password";
  private static final Path OUT = Path.of("target", "aggregation-it");
  private final Vertx vertx = Vertx.vertx();
  private final List<GatewayProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(GatewayProcess::destroyIfAlive);
    await(vertx.close());
  }

  @Test
  void aTaskWhoseNodeIsKilledMidwayIsFinishedByTheOtherNode() throws Exception {
    List<Integer> hazelcast = List.of(ClusterEnvironment.freePort(), ClusterEnvironment.freePort());
    Map<String, String> env = ClusterEnvironment.of(ADMIN_PASSWORD, "aggregation_it", hazelcast);
    env.put("SESSIONGATE_AGGREGATION_TASK_LEASE_SECONDS", "2");
    GatewayProcess node1 = start(1, env, hazelcast.get(0)).awaitListening(60_000);
    GatewayProcess node2 = start(2, env, hazelcast.get(1)).awaitListening(60_000);
    waitFor("two members", 30_000, () -> node2.cluster().getInteger("members", 0) == 2);

    String admin = node1.token("admin", ADMIN_PASSWORD);
    List<Integer> ports = new ArrayList<>();
    JsonArray targets = new JsonArray();
    for (int i = 0; i < 3; i++) {
      SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4,
        1, 60, false));
      await(vertx.deployVerticle(bmc));
      ports.add(bmc.actualPort());
      HttpResponse<Buffer> created = node1.send(node1.request(HttpMethod.POST, "/admin/devices")
        .bearerTokenAuthentication(admin), new JsonObject().put("id", "killed-" + i)
        .put("address", "http://127.0.0.1:" + bmc.actualPort()).put("tls", new JsonObject().put("mode", "insecure"))
        .put("credentials", new JsonObject().put("username", "root").put("password", "calvin")).put("maxSessions", 2));
      assertEquals(201, created.statusCode(), created.bodyAsString());
      targets.add("/redfish/v1/Systems/killed-" + i + "_1");
    }
    HttpResponse<Buffer> accepted = node1.send(node1.request(HttpMethod.POST,
        "/redfish/v1/AggregationService/Actions/AggregationService.Reset").bearerTokenAuthentication(admin),
      new JsonObject().put("TargetURIs", targets).put("ResetType", "ForceRestart").put("BatchSize", 1)
        .put("DelayBetweenBatchesInSeconds", 3));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    String task = accepted.getHeader("Location").replace("/TaskMonitors/", "/Tasks/");
    waitFor("the first batch, seen from node 2", 10_000, () -> messages(node2, task, admin).size() == 1);
    node1.kill();
    long killed = System.nanoTime();

    waitFor("node 2 finishes the task", 30_000,
      () -> "Completed".equals(get(node2, task, admin).getString("TaskState")));
    long tookMillis = (System.nanoTime() - killed) / 1_000_000;
    JsonObject ended = get(node2, task, admin);
    List<String> ids = messages(node2, task, admin).stream().map(m -> m.getString("MessageId")).toList();
    assertEquals(List.of("Base.1.18.Success", "Base.1.18.Success", "Base.1.18.Success"), ids, ended.encode());
    WebClient sim = WebClient.create(vertx);
    for (int port : ports) {
      JsonArray resets = await(sim.get(port, "127.0.0.1", "/sim/stats").send()).bodyAsJsonObject().getJsonArray("resets");
      assertEquals(1, resets.size(), "each BMC is reset once: " + resets.encode());
    }
    assertTrue(node2.log().contains("taking over task"), node2.log());
    String line = "task finished by node 2 after node 1's SIGKILL (lease 2 s, duty check 1 s, 2 batches left, 3 s "
      + "between batches): " + tookMillis + " ms";
    System.out.println(line);
    Files.createDirectories(OUT);
    Files.write(OUT.resolve("measurements.txt"), List.of(line));
  }

  private GatewayProcess start(int n, Map<String, String> common, int hazelcastPort) throws IOException {
    Map<String, String> env = new HashMap<>(common);
    env.put("SESSIONGATE_CLUSTER_PORT", String.valueOf(hazelcastPort));
    env.put("SESSIONGATE_DATA_DIR", Files.createTempDirectory("sessiongate-agg-node" + n + "-").toString());
    GatewayProcess node = GatewayProcess.start("agg-node" + n, List.of("run", "--cluster"), env, OUT, vertx);
    nodes.add(node);
    return node;
  }

  private static JsonObject get(GatewayProcess node, String uri, String token) {
    HttpResponse<Buffer> seen = node.send(node.request(HttpMethod.GET, uri).bearerTokenAuthentication(token));
    assertEquals(200, seen.statusCode(), seen.bodyAsString());
    return seen.bodyAsJsonObject();
  }

  private static List<JsonObject> messages(GatewayProcess node, String task, String token) {
    return get(node, task, token).getJsonArray("Messages").stream().map(JsonObject.class::cast).toList();
  }

  private static void waitFor(String what, long timeoutMillis, java.util.function.BooleanSupplier condition)
    throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "not within " + timeoutMillis + " ms: " + what);
      Thread.sleep(50);
    }
  }
}
