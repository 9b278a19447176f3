package io.sessiongate.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigLoader;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code cluster:} section read from the defaults and the environment, and the Hazelcast config it makes. */
class ClusterSettingsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private ClusterSettings settings(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(Map.of("SESSIONGATE_STORE", "postgres",
      "SESSIONGATE_PG_URI", "postgresql://u:p@127.0.0.1:5432/db", "SESSIONGATE_CLUSTER_ENABLED", "true"));
    all.putAll(env);
    return ClusterSettings.from(await(ConfigLoader.load(vertx, null, all)));
  }

  @Test
  void theDefaultsJoinByMemberListAndNoticeADeadMemberWithinSeconds() {
    Config config = settings(Map.of()).hazelcastConfig();
    assertEquals("sessiongate", config.getClusterName());
    assertEquals(5701, config.getNetworkConfig().getPort());
    assertEquals("1", config.getProperty("hazelcast.heartbeat.interval.seconds"));
    assertEquals("5", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1:5701"), join.getTcpIpConfig().getMembers());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getKubernetesConfig().isEnabled());
    assertTrue(config.getMultiMapConfigs().containsKey("__vertx.subs"), "Vert.x's own structures are configured");
  }

  @Test
  void theEnvironmentNamesThisMembersPortAndTheMemberList() {
    ClusterSettings settings = settings(Map.of("SESSIONGATE_CLUSTER_PORT", "5702",
      "SESSIONGATE_CLUSTER_MEMBERS", "127.0.0.1:5701, 127.0.0.1:5702,127.0.0.1:5703",
      "SESSIONGATE_CLUSTER_HOST", "127.0.0.1"));
    Config config = settings.hazelcastConfig();
    assertEquals(5702, config.getNetworkConfig().getPort());
    assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"),
      config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertTrue(config.getNetworkConfig().getInterfaces().getInterfaces().contains("127.0.0.1"));
  }

  @Test
  void kubernetesDiscoveryUsesTheHeadlessServiceDns() {
    Config config = settings(Map.of("SESSIONGATE_CLUSTER_DISCOVERY", "kubernetes",
      "SESSIONGATE_CLUSTER_KUBERNETES_SERVICE_DNS", "sessiongate-cluster.gw.svc.cluster.local")).hazelcastConfig();
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertEquals("sessiongate-cluster.gw.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
  }

  @Test
  void aSettingThatCannotWorkStopsTheStartNamingTheKey() {
    ConfigException noDns = assertThrows(ConfigException.class,
      () -> settings(Map.of("SESSIONGATE_CLUSTER_DISCOVERY", "kubernetes")));
    assertTrue(noDns.getMessage().startsWith("cluster.kubernetes.service-dns"), noDns.getMessage());
    ConfigException badMember = assertThrows(ConfigException.class,
      () -> settings(Map.of("SESSIONGATE_CLUSTER_MEMBERS", "127.0.0.1:5701,node-two")));
    assertEquals("cluster.members (SESSIONGATE_CLUSTER_MEMBERS): 'node-two' is not host:port", badMember.getMessage());
    ConfigException slowHeartbeat = assertThrows(ConfigException.class,
      () -> settings(Map.of("SESSIONGATE_CLUSTER_HEARTBEAT_SECONDS", "5")));
    assertTrue(slowHeartbeat.getMessage().startsWith("cluster.max-no-heartbeat-seconds"), slowHeartbeat.getMessage());
  }
}
