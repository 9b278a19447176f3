package io.sessiongate.murano;

import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "One deploy wins" across nodes: two gateways on one PostgreSQL, and 2×N sessions of one environment
 * deployed at the same moment, half through each gateway. Exactly one deployment may start.
 */
class MuranoDeployRaceTest {
  private static final int PER_NODE = 8;
  private static final int ROUNDS = 3;

  @Test
  void ofConcurrentDeploysThroughTwoNodesExactlyOneWins() {
    String database = PostgresServer.shared().newDatabase("murano_race");
    Map<String, String> settings = Map.of("pg.uri", database);
    try (TestGateway nodeA = TestGateway.onPostgres("murano_race", settings);
         TestGateway nodeB = TestGateway.onPostgres("murano_race", settings)) {
      MuranoClient onA = MuranoClient.user(nodeA, "racer", "t1", false);
      MuranoClient onB = MuranoClient.user(nodeB, "racer", "t1", false);
      for (int round = 0; round < ROUNDS; round++) {
        String env = onA.createEnvironment("race-" + round).getString("id");
        List<String> viaA = new ArrayList<>();
        List<String> viaB = new ArrayList<>();
        for (int i = 0; i < PER_NODE; i++) {
          viaA.add(onA.configure(env).getString("id"));
          viaB.add(onB.configure(env).getString("id"));
        }
        List<Future<HttpResponse<Buffer>>> deploys = new ArrayList<>();
        for (int i = 0; i < PER_NODE; i++) {
          deploys.add(onA.callAsync(HttpMethod.POST, "/environments/" + env + "/sessions/" + viaA.get(i) + "/deploy"));
          deploys.add(onB.callAsync(HttpMethod.POST, "/environments/" + env + "/sessions/" + viaB.get(i) + "/deploy"));
        }
        await(Future.join(deploys));
        long won = deploys.stream().filter(d -> d.result().statusCode() == 200).count();
        assertEquals(1, won, "exactly one of " + deploys.size() + " concurrent deploys starts");
        deploys.stream().map(Future::result).filter(r -> r.statusCode() != 200).forEach(lost -> {
          assertEquals(403, lost.statusCode(), lost.bodyAsString());
          String message = lost.bodyAsJsonObject().getString("message");
          assertTrue(message.contains("is invalid: environment has been updated") || message.contains("already deployed"),
            message);
        });
        assertEquals(1, onB.awaitStatus(env, "ready").getInteger("version"), "one deployment, one version");
      }
    }
  }
}
