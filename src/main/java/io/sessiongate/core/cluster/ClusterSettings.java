package io.sessiongate.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.util.List;

/**
 * The {@code cluster:} section, typed: how this node finds the other members (TCP/IP member list, multicast
 * or Kubernetes DNS), on which address and ports it is reached, how fast a dead member is noticed, and how
 * often cluster duties are checked. {@link #hazelcastConfig()} turns it into Hazelcast's configuration.
 */
public record ClusterSettings(
  boolean enabled,
  String name,
  Discovery discovery,
  String host,
  int port,
  List<String> members,
  int busPort,
  String multicastGroup,
  int multicastPort,
  String kubernetesServiceDns,
  int heartbeatSeconds,
  int maxNoHeartbeatSeconds,
  int dutyCheckSeconds) {

  public enum Discovery { TCP_IP, MULTICAST, KUBERNETES }

  public static ClusterSettings from(GatewayConfig config) {
    ConfigReader cluster = config.section("cluster");
    ClusterSettings settings = new ClusterSettings(
      config.clusterEnabled(),
      cluster.string("name").isBlank() ? "sessiongate" : cluster.string("name").trim(),
      cluster.choice("discovery", Discovery.class),
      cluster.string("host").trim(),
      cluster.integer("port", 1, 65535),
      cluster.strings("members"),
      cluster.integer("bus-port", 0, 65535),
      cluster.section("multicast").string("group").trim(),
      cluster.section("multicast").integer("port", 1, 65535),
      cluster.section("kubernetes").string("service-dns").trim(),
      cluster.integer("heartbeat-seconds", 1, 60),
      cluster.integer("max-no-heartbeat-seconds", 2, 600),
      cluster.integer("duty-check-seconds", 1, 300));
    settings.check();
    return settings;
  }

  private void check() {
    if (maxNoHeartbeatSeconds <= heartbeatSeconds) {
      throw new ConfigException("cluster.max-no-heartbeat-seconds (SESSIONGATE_CLUSTER_MAX_NO_HEARTBEAT_SECONDS): "
        + "must be more than cluster.heartbeat-seconds (" + heartbeatSeconds + "), got " + maxNoHeartbeatSeconds);
    }
    if (!enabled) {
      return;
    }
    if (discovery == Discovery.TCP_IP) {
      if (members.isEmpty()) {
        throw new ConfigException("cluster.members (SESSIONGATE_CLUSTER_MEMBERS): the tcp-ip discovery needs the "
          + "members' host:port list, e.g. 127.0.0.1:5701,127.0.0.1:5702");
      }
      for (String member : members) {
        int colon = member.lastIndexOf(':');
        if (colon <= 0 || !member.substring(colon + 1).matches("[0-9]{1,5}")) {
          throw new ConfigException("cluster.members (SESSIONGATE_CLUSTER_MEMBERS): '" + member
            + "' is not host:port");
        }
      }
    }
    if (discovery == Discovery.KUBERNETES && kubernetesServiceDns.isBlank()) {
      throw new ConfigException("cluster.kubernetes.service-dns (SESSIONGATE_CLUSTER_KUBERNETES_SERVICE_DNS): the "
        + "kubernetes discovery needs the DNS name of the headless service, e.g. "
        + "sessiongate-cluster.default.svc.cluster.local");
    }
  }

  /**
   * Vert.x's own Hazelcast configuration (the maps and multimap its event bus needs), with this node's network,
   * discovery and failure detection set from the settings.
   */
  public Config hazelcastConfig() {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(name);
    // Hazelcast's defaults notice a dead member after 60 s; the gateway wants seconds.
    config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), String.valueOf(heartbeatSeconds));
    config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), String.valueOf(maxNoHeartbeatSeconds));
    // Joining waits 5 s by default for other members to show up; the member list or DNS answers sooner.
    config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "1");
    // Members that lost each other (a frozen or partitioned member) look for each other again after 10 s,
    // not Hazelcast's 5 minutes; nothing of the gateway's lives in Hazelcast, so merging loses nothing.
    config.setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), "10");
    config.setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), "10");
    // The gateway leaves the cluster itself, after draining (Gateway.stop); Hazelcast must not leave first.
    config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
    config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
    config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    if (!host.isBlank()) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
      config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
    }
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(discovery == Discovery.MULTICAST);
    join.getTcpIpConfig().setEnabled(discovery == Discovery.TCP_IP);
    join.getKubernetesConfig().setEnabled(discovery == Discovery.KUBERNETES);
    switch (discovery) {
      case TCP_IP -> join.getTcpIpConfig().setMembers(members);
      case MULTICAST -> join.getMulticastConfig().setMulticastGroup(multicastGroup).setMulticastPort(multicastPort);
      case KUBERNETES -> join.getKubernetesConfig()
        .setProperty("service-dns", kubernetesServiceDns)
        .setProperty("service-port", String.valueOf(port));
    }
    return config;
  }
}
