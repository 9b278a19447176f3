package io.sessiongate.cluster;

import io.sessiongate.core.auth.RevocationRegistry;
import io.sessiongate.testing.ClusterEnvironment;
import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three gateway processes ({@code java -jar target/sessiongate.jar run --cluster}) on 127.0.0.1, each its own
 * Hazelcast member, on one real PostgreSQL. Sessions of every API in {@link #APIS} are opened on node 1, used on
 * nodes 2 and 3, revoked on node 2 and refused on node 3 (how long that took is measured); node 1 is killed
 * with SIGKILL while it creates users; everything it acknowledged works on the survivors, which answer every
 * request throughout; its cluster duty moves to a survivor. Then the duty's holder is drained with SIGTERM and
 * the duty moves again. The measurements are printed and written to target/cluster-it/measurements.txt.
 */
class ClusterIT {
  private static final String ADMIN_PASSWORD = "cluster-admin-password";
  private static final String DUTY = RevocationRegistry.PRUNE_DUTY;
  private static final int REVOCATION_SAMPLES = 20;
  private static final Path OUT = Path.of("target", "cluster-it");

  /** Every API whose sessions the cluster must share; the API slices add theirs here. */
  private static final List<ClusterSession<?>> APIS = List.of(
    new GatewayTokenSessions(ADMIN_PASSWORD),
    new AdminUserChangeSessions(ADMIN_PASSWORD),
    new RedfishSessions(ADMIN_PASSWORD),
    new ControllerSessions(ADMIN_PASSWORD),
    new SymphonySessions(ADMIN_PASSWORD),
    new MuranoSessions(ADMIN_PASSWORD));

  private final Vertx clientVertx = Vertx.vertx();
  private final List<GatewayProcess> nodes = new ArrayList<>();
  private final List<String> measurements = new ArrayList<>();
  private ClusterBmc bmc;
  private Map<String, String> commonEnv;
  private List<Integer> hazelcastPorts;

  @BeforeEach
  void clusterSettings() throws IOException {
    hazelcastPorts = List.of(ClusterEnvironment.freePort(), ClusterEnvironment.freePort(), ClusterEnvironment.freePort());
    commonEnv = ClusterEnvironment.of(ADMIN_PASSWORD, "cluster", hazelcastPorts);
  }

  @AfterEach
  void stopAll() throws IOException {
    nodes.forEach(GatewayProcess::destroyIfAlive);
    await(clientVertx.close());
    Files.createDirectories(OUT);
    Files.write(OUT.resolve("measurements.txt"), measurements);
  }

  @Test
  void threeNodesShareSessionsLoseNothingToAKillAndHandOverDutiesOnDrain() throws Exception {
    GatewayProcess node1 = startNode(1).awaitListening(60_000);
    GatewayProcess node2 = startNode(2);
    GatewayProcess node3 = startNode(3);
    node2.awaitListening(60_000);
    node3.awaitListening(60_000);
    for (GatewayProcess node : nodes) {
      waitFor(node.name() + " sees 3 members", 30_000, () -> node.cluster().getInteger("members", 0) == 3);
    }
    // Node 1 started alone, so it took the duty; nobody else may hold it.
    assertTrue(node1.holds(DUTY), node1.cluster().encode());
    assertFalse(node2.holds(DUTY) || node3.holds(DUTY));

    String fleetDevice = oneNodeOwnsTheBmcSessionsOfADevice(node1, node2, node3);

    List<Runnable> revokedSessionChecks = new ArrayList<>();
    for (ClusterSession<?> api : APIS) {
      revokedSessionChecks.add(openOnOneUseEverywhereRevokeOnAnother(api, node1, node2, node3));
    }
    measureRevocationPropagation(node1, node2, node3);
    List<Runnable> keptSessionChecks = new ArrayList<>();
    for (ClusterSession<?> api : APIS) {
      keptSessionChecks.add(keptOpen(api, node1));
    }

    killUnderLoad(node1, node2, node3, fleetDevice);
    keptSessionChecks.forEach(Runnable::run);
    revokedSessionChecks.forEach(Runnable::run);

    GatewayProcess holder = node2.holds(DUTY) ? node2 : node3;
    GatewayProcess other = holder == node2 ? node3 : node2;
    long sigterm = System.nanoTime();
    holder.terminate(30_000);
    record("drain of " + holder.name() + " (SIGTERM to exit)", millisSince(sigterm));
    assertTrue(holder.log().lines().anyMatch(line -> line.contains("released the cluster duties [")
      && line.contains(DUTY)), holder.log());
    assertTrue(holder.log().contains("SessionGate stopped"), holder.log());
    waitFor(other.name() + " takes the duty over", 15_000, () -> other.holds(DUTY));
    record("duty handed over after a drain (SIGTERM to new holder)", millisSince(sigterm));
    keptSessionChecks.forEach(Runnable::run);
    waitFor(other.name() + " takes the device's shard over", 15_000, () -> other.holds(ClusterBmc.shard(fleetDevice)));
    String adminOnOther = other.token("admin", ADMIN_PASSWORD);
    assertEquals(List.of(200, 200, 200, 200), ClusterBmc.readAtOnce(fleetDevice, List.of(other), adminOnOther, 4));
    assertTrue(bmc.stats().getInteger("activeSessions") <= ClusterBmc.MAX_SESSIONS, "the drained node logged out of "
      + "its BMC sessions before it handed the device over: " + bmc.stats().encode());
    other.terminate(30_000);
  }

  /**
   * The device shards spread over the three nodes; a device whose shard node 1 owns is read through all three
   * nodes at once, and the BMC never holds more sessions than the device's maxSessions: one node owns them.
   */
  private String oneNodeOwnsTheBmcSessionsOfADevice(GatewayProcess node1, GatewayProcess node2,
                                                   GatewayProcess node3) {
    // Each node holds at most ceil(16 / 3) = 6 shards, and every shard has an owner: 6/6/4 or 6/5/5.
    waitFor("the device shards are spread over the nodes", 30_000, () -> nodes.stream()
      .allMatch(node -> ClusterBmc.shardsHeld(node) >= 1 && ClusterBmc.shardsHeld(node) <= 6)
      && nodes.stream().mapToLong(ClusterBmc::shardsHeld).sum() == ClusterBmc.SHARDS);
    measurements.add("device shards per node: " + nodes.stream().map(node -> node.name() + " "
      + ClusterBmc.shardsHeld(node)).toList());
    bmc = new ClusterBmc(clientVertx);
    String device = ClusterBmc.deviceOwnedBy(node1);
    String admin = node2.token("admin", ADMIN_PASSWORD);
    bmc.register(node2, admin, device);
    List<Integer> statuses = ClusterBmc.readAtOnce(device, List.of(node1, node2, node3), admin, 150);
    assertTrue(statuses.stream().allMatch(status -> status == 200), statuses.toString());
    JsonObject stats = bmc.stats();
    measurements.add("device " + device + " read 150 times at once through 3 nodes: BMC peak sessions "
      + stats.getInteger("peakSessions") + " (maxSessions " + ClusterBmc.MAX_SESSIONS + "), logins " + stats.getLong("logins"));
    assertTrue(stats.getInteger("peakSessions") <= ClusterBmc.MAX_SESSIONS, stats.encode());
    leasesOfAnotherNodesDeviceComeInBlocks(device, node2, node3, admin);
    return device;
  }

  /**
   * Opens on {@code opener}, uses on the others, revokes on {@code revoker}, measures until {@code watcher}
   * refuses; the check returned says the session is refused on every live node.
   */
  private <S> Runnable openOnOneUseEverywhereRevokeOnAnother(ClusterSession<S> api, GatewayProcess opener,
                                                         GatewayProcess revoker, GatewayProcess watcher) {
    S session = api.open(opener);
    assertTrue(api.usable(revoker, session), api.api() + " opened on " + opener.name() + " works on " + revoker.name());
    assertTrue(api.usable(watcher, session), api.api() + " opened on " + opener.name() + " works on " + watcher.name());
    api.revoke(revoker, session);
    long revoked = System.nanoTime();
    waitFor(api.api() + " revoked on " + revoker.name() + " is refused on " + watcher.name(), 2_000,
      () -> !api.usable(watcher, session));
    record(api.api() + ": revoked on " + revoker.name() + ", refused on " + watcher.name() + " after",
      millisSince(revoked));
    // The feed reaches each node on its own LISTEN connection: the watcher refusing first says nothing of the opener.
    waitFor(api.api() + " revoked on " + revoker.name() + " is refused on " + opener.name(), 2_000,
      () -> !api.usable(opener, session));
    return () -> nodes.stream().filter(GatewayProcess::isAlive).forEach(live ->
      assertFalse(api.usable(live, session), api.api() + " revoked before the kill is refused on " + live.name()));
  }

  /** Opens a session on {@code node} that stays open; the check says it is usable on every live node. */
  private <S> Runnable keptOpen(ClusterSession<S> api, GatewayProcess node) {
    S session = api.open(node);
    return () -> nodes.stream().filter(GatewayProcess::isAlive).forEach(live ->
      assertTrue(api.usable(live, session), api.api() + " opened before the kill works on " + live.name()));
  }

  private void measureRevocationPropagation(GatewayProcess opener, GatewayProcess revoker, GatewayProcess watcher) {
    GatewayTokenSessions tokens = new GatewayTokenSessions(ADMIN_PASSWORD);
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < REVOCATION_SAMPLES; i++) {
      String token = tokens.open(opener);
      assertTrue(tokens.usable(watcher, token));
      tokens.revoke(revoker, token);
      long revoked = System.nanoTime();
      waitFor("revocation " + i + " reaches " + watcher.name(), 2_000, () -> !tokens.usable(watcher, token));
      micros.add((System.nanoTime() - revoked) / 1_000);
    }
    Collections.sort(micros);
    measurements.add(String.format("revocation visible on another node (%d samples, from the 204 of the revoking"
        + " node to the first 401 of the other): median %.1f ms, max %.1f ms", micros.size(),
      micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() - 1) / 1000.0));
    System.out.println("[cluster-it] " + measurements.get(measurements.size() - 1));
  }

  /**
   * Node 1 creates users one after another while nodes 2 and 3 answer reads; node 1 is killed after a few
   * creations. Every creation node 1 acknowledged exists on the survivors, and the survivors fail no request.
   */
  /**
   * Reads through nodes that do not own the device take their leases from the node's share, which the owner fills
   * in blocks: far fewer messages than reads. When the BMC drops every session, the shares' leases answer 401
   * and the reads still succeed (the share is dropped, the read tried again on a fresh lease).
   */
  private void leasesOfAnotherNodesDeviceComeInBlocks(String device, GatewayProcess node2, GatewayProcess node3,
                                                      String admin) {
    String blocks = "sessiongate_deviceproxy_lease_blocks_total";
    // Counted from node 2's start: a third of the 150 reads at once went through it.
    int reads = 150 / 3;
    for (int round = 0; round < 25; round++) {
      List<Integer> statuses = ClusterBmc.readAtOnce(device, List.of(node2), admin, 8);
      assertEquals(Collections.nCopies(8, 200), statuses);
      reads += statuses.size();
    }
    double asked = node2.metric(blocks);
    measurements.add("device " + device + " read " + reads + " times through " + node2.name() + ": "
      + (long) asked + " lease blocks asked of its owner");
    assertTrue(asked >= 1 && asked <= reads / 8.0, asked + " blocks for " + reads + " reads");
    // With no more reads, node 2's block goes back within its second (well before its owner would lapse it).
    long idleSince = System.nanoTime();
    waitFor("the owner has every lease back", 3_000, () -> leased(node2, admin, device) == 0);
    measurements.add("leases of " + device + " all back with its owner " + millisSince(idleSince) + " ms after the reads");
    await(clientVertx.createHttpClient().request(HttpMethod.POST, bmc.port, "127.0.0.1", "/sim/drop-sessions")
      .compose(request -> request.send()).map(response -> response.statusCode()));
    // Each of the pool's sessions answers 401 once (a retry may still land on the other dead one: 503, as on
    // one node); then every read through both nodes is 200 again.
    List<Integer> afterDrop = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      afterDrop.addAll(ClusterBmc.readAtOnce(device, List.of(i % 2 == 0 ? node2 : node3), admin, 1));
    }
    assertTrue(afterDrop.stream().allMatch(status -> status == 200 || status == 503), afterDrop.toString());
    measurements.add("reads through " + node2.name() + " and " + node3.name() + " after the BMC dropped its sessions: "
      + afterDrop);
    assertEquals(Collections.nCopies(6, 200), afterDrop.subList(6, 12), afterDrop.toString());
    assertTrue(bmc.stats().getInteger("activeSessions") <= ClusterBmc.MAX_SESSIONS, bmc.stats().encode());
  }

  /** The device's leases out now, as its owner counts them (GET /admin/devices/{id} through {@code node}). */
  private static int leased(GatewayProcess node, String admin, String device) {
    HttpResponse<Buffer> shown = node.send(node.request(HttpMethod.GET, "/admin/devices/" + device)
      .bearerTokenAuthentication(admin));
    assertEquals(200, shown.statusCode(), shown.bodyAsString());
    JsonObject pool = shown.bodyAsJsonObject().getJsonObject("pool");
    return pool == null ? 0 : pool.getInteger("leased");
  }

  private void killUnderLoad(GatewayProcess node1, GatewayProcess node2, GatewayProcess node3, String device)
    throws Exception {
    String adminOn1 = node1.token("admin", ADMIN_PASSWORD);
    String adminOn2 = node2.token("admin", ADMIN_PASSWORD);
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    AtomicBoolean stopReading = new AtomicBoolean();
    AtomicInteger survivorReads = new AtomicInteger();
    List<String> survivorFailures = new CopyOnWriteArrayList<>();

    Thread creator = new Thread(() -> {
      for (int i = 0; i < 200; i++) {
        String login = "load-" + i;
        try {
          HttpResponse<Buffer> created = node1.send(node1.request(HttpMethod.POST, "/admin/users")
            .bearerTokenAuthentication(adminOn1), new JsonObject().put("login", login)
            .put("password", "load-password-" + i).put("tenant", "load"));
          if (created.statusCode() != 201) {
            return;
          }
          acknowledged.add(login);
        } catch (RuntimeException nodeGone) {
          return;
        }
      }
    }, "cluster-it-creator");
    Thread reader = new Thread(() -> {
      for (int i = 0; i < 20_000 && !stopReading.get(); i++) {
        GatewayProcess survivor = i % 2 == 0 ? node2 : node3;
        try {
          int status = survivor.send(survivor.request(HttpMethod.GET, "/admin/users/admin")
            .bearerTokenAuthentication(adminOn2)).statusCode();
          if (status != 200) {
            survivorFailures.add(survivor.name() + ": " + status);
          }
        } catch (RuntimeException e) {
          survivorFailures.add(survivor.name() + ": " + e);
        }
        survivorReads.incrementAndGet();
      }
    }, "cluster-it-reader");
    // Node 1 owns the device's BMC sessions; clients keep reading it through the survivors while it dies.
    Map<Integer, AtomicInteger> deviceStatuses = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> deviceAnswersWithoutRetryAfter = new CopyOnWriteArrayList<>();
    Thread deviceReader = new Thread(() -> {
      for (int i = 0; i < 20_000 && !stopReading.get(); i++) {
        GatewayProcess survivor = i % 2 == 0 ? node2 : node3;
        try {
          HttpResponse<Buffer> read = survivor.send(survivor.request(HttpMethod.GET, "/bmc/" + device
            + "/redfish/v1/Systems/1").bearerTokenAuthentication(adminOn2));
          deviceStatuses.computeIfAbsent(read.statusCode(), k -> new AtomicInteger()).incrementAndGet();
          if (read.statusCode() != 200 && read.getHeader("Retry-After") == null) {
            deviceAnswersWithoutRetryAfter.add(survivor.name() + ": " + read.statusCode() + " " + read.bodyAsString());
          }
        } catch (RuntimeException e) {
          deviceAnswersWithoutRetryAfter.add(survivor.name() + ": " + e);
        }
      }
    }, "cluster-it-device-reader");
    creator.start();
    reader.start();
    deviceReader.start();
    waitFor("node 1 acknowledges 10 creations", 30_000, () -> acknowledged.size() >= 10);

    node1.kill();
    long killed = System.nanoTime();
    waitFor("node 2 notices node 1 died", 30_000, () -> node2.cluster().getInteger("members") == 2);
    record("dead member (SIGKILL) noticed by node 2 after", millisSince(killed));
    waitFor("node 3 notices node 1 died", 30_000, () -> node3.cluster().getInteger("members") == 2);
    waitFor("a survivor takes the duty over", 30_000, () -> node2.holds(DUTY) || node3.holds(DUTY));
    record("duty taken over after SIGKILL of its holder after", millisSince(killed));
    assertFalse(node2.holds(DUTY) && node3.holds(DUTY), "one holder at a time");

    waitFor("a survivor takes the device's shard over", 30_000, () -> node2.holds(ClusterBmc.shard(device))
      || node3.holds(ClusterBmc.shard(device)));
    record("device shard taken over after SIGKILL of its owner after", millisSince(killed));
    creator.join(30_000);
    stopReading.set(true);
    reader.join(30_000);
    deviceReader.join(30_000);
    assertFalse(creator.isAlive() || reader.isAlive() || deviceReader.isAlive(), "the load ends by itself");
    JsonObject bmcStats = bmc.stats();
    measurements.add("device reads through the survivors while its owner died: " + deviceStatuses
      + " (status: count); BMC peak sessions " + bmcStats.getInteger("peakSessions") + ", logins "
      + bmcStats.getLong("logins"));
    System.out.println("[cluster-it] " + measurements.get(measurements.size() - 1));
    assertEquals(List.of(), deviceAnswersWithoutRetryAfter, "a device read fails only with 503 + Retry-After");
    assertTrue(deviceStatuses.keySet().stream().allMatch(status -> status == 200 || status == 503), deviceStatuses.toString());
    assertEquals(List.of(200, 200, 200, 200), ClusterBmc.readAtOnce(device, List.of(node2, node3), adminOn2, 4));
    assertTrue(bmcStats.getInteger("peakSessions") <= ClusterBmc.MAX_SESSIONS, "the new owner adopts the sessions "
      + "the dead owner left rather than log in beside them: " + bmcStats.encode());
    measurements.add("load during the kill: " + acknowledged.size() + " users created on node 1, "
      + survivorReads.get() + " reads on the survivors, " + survivorFailures.size() + " failed");
    assertEquals(List.of(), survivorFailures, "the survivors answer every request while node 1 dies");

    for (int i = 0; i < acknowledged.size(); i++) {
      String login = acknowledged.get(i);
      assertEquals(200, node2.send(node2.request(HttpMethod.GET, "/admin/users/" + login)
        .bearerTokenAuthentication(adminOn2)).statusCode(), login + " acknowledged by node 1 exists on node 2");
      node3.token(login, "load-password-" + login.substring("load-".length()));
    }
  }

  /** True when the response is a success, false when it is a refusal (401/403); anything else fails. */
  static boolean acceptedOrRefused(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      return false;
    }
    assertEquals(200, status, response.bodyAsString());
    return true;
  }

  private GatewayProcess startNode(int n) {
    Map<String, String> env = new HashMap<>(commonEnv);
    env.put("SESSIONGATE_CLUSTER_PORT", String.valueOf(hazelcastPorts.get(n - 1)));
    try {
      env.put("SESSIONGATE_DATA_DIR", Files.createTempDirectory("sessiongate-node" + n + "-").toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    GatewayProcess node = GatewayProcess.start("node" + n, List.of("run", "--cluster"), env, OUT, clientVertx);
    nodes.add(node);
    return node;
  }

  private void record(String what, long millis) {
    String line = what + " " + millis + " ms";
    measurements.add(line);
    System.out.println("[cluster-it] " + line);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** Polls {@code condition} until it holds; fails after {@code timeoutMillis}. */
  private static void waitFor(String what, long timeoutMillis, BooleanSupplier condition) {
    io.sessiongate.testing.Await.until(what, java.time.Duration.ofMillis(timeoutMillis), condition);
  }
}
