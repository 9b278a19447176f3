package io.sessiongate.cluster;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A misconfigured cluster fails loudly at start: a clustered node without the keys every node must share
 * refuses to start, naming the setting; a node whose key differs from the one the cluster's first node
 * recorded (its fingerprint, in PostgreSQL) refuses to start, naming the key; a node with the same keys joins,
 * and a token issued by one node works on the other.
 */
class ClusterKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aClusteredNodeWithoutKeysRefusesToStartNamingTheSetting() throws IOException {
    Map<String, String> settings = clustered(PostgresServer.shared().newDatabase("cluster_keys"), freePort());
    RuntimeException refused = assertThrows(RuntimeException.class, () -> TestGateway.onPostgres("keys", settings));
    ConfigException config = cause(refused);
    assertTrue(config.getMessage().startsWith("auth.jwt-secret (SESSIONGATE_AUTH_JWT_SECRET): required on a "
      + "clustered node"), config.getMessage());
    assertEquals(1, config.getMessage().lines().count(), "one line");
  }

  @Test
  void aNodeWithAnotherKeyIsRefusedAndOneWithTheSameKeysServesTheOthersTokens() throws IOException {
    String database = PostgresServer.shared().newDatabase("cluster_keys");
    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    Map<String, String> keys = Map.of("auth.jwt-secret", key(), "devices.credential-key", key());
    try (TestGateway first = TestGateway.onPostgres("keys", withKeys(clustered(database, portA, members), keys))) {
      Map<String, String> otherSecret = new HashMap<>(keys);
      otherSecret.put("auth.jwt-secret", key());
      RuntimeException refused = assertThrows(RuntimeException.class,
        () -> TestGateway.onPostgres("keys", withKeys(clustered(database, portB, members), otherSecret)));
      ConfigException config = cause(refused);
      assertTrue(config.getMessage().startsWith("auth.jwt-secret (SESSIONGATE_AUTH_JWT_SECRET) differs from the "
        + "cluster's"), config.getMessage());

      // The refused node's start failed before its cluster member had left (the gateway closes it without
      // waiting, as a failed process exits anyway): its port may still be bound for a moment on a busy machine.
      awaitFree(portB);
      try (TestGateway second = TestGateway.onPostgres("keys", withKeys(clustered(database, portB, members), keys))) {
        String token = first.adminToken();
        int status = second.send(second.request(HttpMethod.GET, "/admin/users/admin").bearerTokenAuthentication(token))
          .statusCode();
        assertEquals(200, status, "a token of the first node works on the second");
      }
    }
  }

  private static Map<String, String> clustered(String database, int port) {
    return clustered(database, port, "127.0.0.1:" + port);
  }

  private static Map<String, String> clustered(String database, int port, String members) {
    Map<String, String> settings = new HashMap<>();
    settings.put("pg.uri", database);
    settings.put("cluster.enabled", "true");
    settings.put("cluster.name", "keys-" + ProcessHandle.current().pid() + "-" + database.hashCode());
    settings.put("cluster.host", "127.0.0.1");
    settings.put("cluster.port", Integer.toString(port));
    settings.put("cluster.members", members);
    return settings;
  }

  private static Map<String, String> withKeys(Map<String, String> settings, Map<String, String> keys) {
    Map<String, String> all = new HashMap<>(settings);
    all.putAll(keys);
    return all;
  }

  private static ConfigException cause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException config) {
        return config;
      }
    }
    throw new AssertionError("not refused for its configuration", failure);
  }

  private static String key() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static void awaitFree(int port) {
    long giveUp = System.currentTimeMillis() + 15_000;
    while (true) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        return;
      } catch (IOException stillBound) {
        if (System.currentTimeMillis() > giveUp) {
          throw new AssertionError("port " + port + " of the refused node is still bound after 15 s", stillBound);
        }
        io.sessiongate.testing.Await.pause(100);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
