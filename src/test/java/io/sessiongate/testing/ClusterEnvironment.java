package io.sessiongate.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environment every node of a test cluster of {@link GatewayProcess}es shares: one PostgreSQL database, the same
 * keys, loopback only, one Hazelcast cluster of its own (so it never meets another test run's), duties checked every
 * second. Each node adds its own {@code SESSIONGATE_CLUSTER_PORT} and {@code SESSIONGATE_DATA_DIR}.
 */
public final class ClusterEnvironment {
  private ClusterEnvironment() {
  }

  public static Map<String, String> of(String adminPassword, String database, List<Integer> hazelcastPorts) {
    SecureRandom random = new SecureRandom();
    Map<String, String> env = new HashMap<>();
    env.put("SESSIONGATE_STORE", "postgres");
    env.put("SESSIONGATE_PG_URI", PostgresServer.shared().newDatabase(database));
    env.put("SESSIONGATE_AUTH_JWT_SECRET", Base64.getEncoder().encodeToString(random.generateSeed(32)));
    env.put("SESSIONGATE_DEVICES_CREDENTIAL_KEY", Base64.getEncoder().encodeToString(random.generateSeed(32)));
    env.put("SESSIONGATE_ADMIN_PASSWORD", adminPassword);
    env.put("SESSIONGATE_HTTP_HOST", "127.0.0.1");
    env.put("SESSIONGATE_HTTP_PORT", "0");
    env.put("SESSIONGATE_HTTP_INSTANCES", "1");
    env.put("SESSIONGATE_HTTP_SHUTDOWN_GRACE_SECONDS", "5");
    env.put("SESSIONGATE_AUTH_HASH_THREADS", "1");
    env.put("SESSIONGATE_CLUSTER_NAME", "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    env.put("SESSIONGATE_CLUSTER_HOST", "127.0.0.1");
    env.put("SESSIONGATE_CLUSTER_MEMBERS", hazelcastPorts.stream().map(p -> "127.0.0.1:" + p)
      .collect(Collectors.joining(",")));
    env.put("SESSIONGATE_CLUSTER_DUTY_CHECK_SECONDS", "1");
    return env;
  }

  /** A loopback port free now, for a node's Hazelcast member. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
