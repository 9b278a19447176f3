package io.sessiongate.aggregation;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.sessiongate.testing.Await;
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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateway processes ({@code java -jar target/sessiongate.jar run --cluster}) on one PostgreSQL: the node running a
 * batch reset is killed with SIGKILL, between its batches or while a batch is under way, and the other node finishes
 * the task: no BMC is reset twice and the task, read from the survivor, ends with one message per target. How long
 * the take-over took is printed and written to target/aggregation-it/measurements.txt.
 */
class AggregationTaskIT {
  private static final String ADMIN_PASSWORD = "aggregation-admin-password";
  private static final Path OUT = Path.of("target", "aggregation-it");
  private static final String SUCCESS = "Base.1.18.Success";
  private final Vertx vertx = Vertx.vertx();
  private final List<GatewayProcess> nodes = new ArrayList<>();
  private final List<Integer> bmcPorts = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(GatewayProcess::destroyIfAlive);
    await(vertx.close());
  }

  @Test
  void aTaskWhoseNodeIsKilledBetweenBatchesIsFinishedByTheOtherNode() throws Exception {
    List<GatewayProcess> cluster = startCluster();
    GatewayProcess node1 = cluster.get(0);
    GatewayProcess node2 = cluster.get(1);
    String admin = node1.token("admin", ADMIN_PASSWORD);
    JsonArray targets = registerBmcs(node1, admin, "killed", 3, SimulatedBmcOptions.Quirks.NONE);
    String task = startReset(node1, admin, targets, 1, 3);
    waitFor("the first batch, seen from node 2", 30_000, () -> messages(node2, task, admin).size() == 1);
    node1.kill();
    long killed = System.nanoTime();

    waitFor("node 2 finishes the task", 60_000, () -> ended(node2, task, admin));
    long tookMillis = (System.nanoTime() - killed) / 1_000_000;
    List<String> ids = messages(node2, task, admin).stream().map(m -> m.getString("MessageId")).toList();
    assertEquals(List.of(SUCCESS, SUCCESS, SUCCESS), ids, get(node2, task, admin).encode());
    assertEquals(List.of(1, 1, 1), resetsPerBmc(), "each BMC is reset once");
    assertTrue(node2.log().contains("taking over task"), node2.log());
    measured("task finished by node 2 after node 1's SIGKILL between batches (lease 2 s, duty check 1 s, 2 batches "
      + "left, 3 s between batches): " + tookMillis + " ms");
  }

  /**
   * Killed while its first batch's resets are under way (the BMCs received them and hold them 6 s): the survivor does
   * not send them again (a second ForceRestart is not harmless, and whether the first took is not known), marks them,
   * and resets the targets of the batch not yet sent.
   */
  @Test
  void aTaskWhoseNodeIsKilledWhileABatchIsUnderWayIsFinishedWithoutResettingItsTargetsTwice() throws Exception {
    List<GatewayProcess> cluster = startCluster();
    String admin = cluster.get(0).token("admin", ADMIN_PASSWORD);
    JsonArray targets = registerBmcs(cluster.get(0), admin, "midway", 4,
      SimulatedBmcOptions.Quirks.NONE.resetDelayMillis(6_000));
    // Sent to node 2: the node that accepts a task runs it, as its log says.
    GatewayProcess runner = cluster.get(1);
    GatewayProcess survivor = cluster.get(0);
    String task = startReset(runner, admin, targets, 2, 1);
    String taskId = task.substring(task.lastIndexOf('/') + 1);
    waitFor("the runner's log names the task", 30_000, () -> runner.log().contains("running task " + taskId));
    waitFor("the first batch's resets reach their BMCs", 30_000,
      () -> resetsPerBmc().subList(0, 2).equals(List.of(1, 1)));
    assertEquals(0, messages(survivor, task, admin).size(), "the BMCs still hold the first batch's resets");
    runner.kill();
    long killed = System.nanoTime();

    waitFor("the survivor ends the task", 60_000, () -> ended(survivor, task, admin));
    long tookMillis = (System.nanoTime() - killed) / 1_000_000;
    JsonObject ended = get(survivor, task, admin);
    List<JsonObject> messages = messages(survivor, task, admin);
    assertEquals(List.of("Base.1.18.GeneralError", "Base.1.18.GeneralError", SUCCESS, SUCCESS),
      messages.stream().map(m -> m.getString("MessageId")).toList(), ended.encode());
    for (int i = 0; i < 2; i++) {
      String resolution = messages.get(i).getString("Resolution");
      assertTrue(resolution.contains(targets.getString(i)) && resolution.contains("not sent again"), resolution);
    }
    assertEquals("Critical", ended.getString("TaskStatus"), ended.encode());
    assertEquals(List.of(1, 1, 1, 1), resetsPerBmc(), "no BMC is reset twice, none is left out");
    assertTrue(survivor.log().contains("taking over task " + taskId + " (2 of 4 targets sent)"), survivor.log());
    measured("task finished by the survivor after its runner's SIGKILL mid-batch (lease 2 s, duty check 1 s, 1 batch "
      + "left, BMCs answer a reset after 6 s): " + tookMillis + " ms");
  }

  private List<GatewayProcess> startCluster() throws Exception {
    List<Integer> hazelcast = List.of(ClusterEnvironment.freePort(), ClusterEnvironment.freePort());
    Map<String, String> env = ClusterEnvironment.of(ADMIN_PASSWORD, "aggregation_it", hazelcast);
    env.put("SESSIONGATE_AGGREGATION_TASK_LEASE_SECONDS", "2");
    GatewayProcess node1 = start(1, env, hazelcast.get(0)).awaitListening(60_000);
    GatewayProcess node2 = start(2, env, hazelcast.get(1)).awaitListening(60_000);
    waitFor("two members", 60_000, () -> node2.cluster().getInteger("members", 0) == 2
      && node1.cluster().getInteger("members", 0) == 2);
    return List.of(node1, node2);
  }

  /** {@code count} simulated BMCs, registered as {@code prefix-0}…; their systems, the targets of a reset. */
  private JsonArray registerBmcs(GatewayProcess node, String admin, String prefix, int count,
                                 SimulatedBmcOptions.Quirks quirks) {
    JsonArray targets = new JsonArray();
    for (int i = 0; i < count; i++) {
      SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin", 4,
        1, 60, false).with(quirks));
      await(vertx.deployVerticle(bmc));
      bmcPorts.add(bmc.actualPort());
      HttpResponse<Buffer> created = node.send(node.request(HttpMethod.POST, "/admin/devices")
        .bearerTokenAuthentication(admin), new JsonObject().put("id", prefix + "-" + i)
        .put("address", "http://127.0.0.1:" + bmc.actualPort()).put("tls", new JsonObject().put("mode", "insecure"))
        .put("credentials", new JsonObject().put("username", "root").put("password", "calvin")).put("maxSessions", 2)
        .put("timeoutMs", 10_000));
      assertEquals(201, created.statusCode(), created.bodyAsString());
      targets.add("/redfish/v1/Systems/" + prefix + "-" + i + "_1");
    }
    return targets;
  }

  /** The task's URI. */
  private static String startReset(GatewayProcess node, String admin, JsonArray targets, int batchSize,
                                   int delaySeconds) {
    HttpResponse<Buffer> accepted = node.send(node.request(HttpMethod.POST,
        "/redfish/v1/AggregationService/Actions/AggregationService.Reset").bearerTokenAuthentication(admin),
      new JsonObject().put("TargetURIs", targets).put("ResetType", "ForceRestart").put("BatchSize", batchSize)
        .put("DelayBetweenBatchesInSeconds", delaySeconds));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    return accepted.getHeader("Location").replace("/TaskMonitors/", "/Tasks/");
  }

  /** How many resets each BMC received, in the order they were started. */
  private List<Integer> resetsPerBmc() {
    WebClient sim = WebClient.create(vertx);
    try {
      return bmcPorts.stream().map(port -> await(sim.get(port, "127.0.0.1", "/sim/stats").send()).bodyAsJsonObject()
        .getJsonArray("resets").size()).toList();
    } finally {
      sim.close();
    }
  }

  private static boolean ended(GatewayProcess node, String task, String token) {
    String state = get(node, task, token).getString("TaskState");
    return "Completed".equals(state) || "Exception".equals(state);
  }

  private static void measured(String line) throws IOException {
    System.out.println(line);
    Files.createDirectories(OUT);
    Files.write(OUT.resolve("measurements.txt"), List.of(line), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
    Await.until(what, java.time.Duration.ofMillis(timeoutMillis), condition);
  }
}
