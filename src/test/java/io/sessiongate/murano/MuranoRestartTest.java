package io.sessiongate.murano;

import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Deployment state lives in PostgreSQL: a deployment still running when its node stops is taken over once
 * its lease has run out, by the node that starts next, and completed (never left deploying).
 */
class MuranoRestartTest {
  @Test
  void aDeploymentInFlightWhenTheNodeStopsIsResumedAfterTheRestart() {
    String database = PostgresServer.shared().newDatabase("murano_restart");
    try (DeployerStub silent = new DeployerStub()) {
      silent.answer(DeployerStub.HOLD);
      TestGateway first = TestGateway.onPostgres("murano_restart", Map.of("pg.uri", database,
        "murano.deployer.type", "webhook", "murano.deployer.url", silent.url(), "murano.deployer.timeout-ms", "1000"));
      MuranoClient client = MuranoClient.user(first, "ops", "t1", false);
      String env = client.createEnvironment("restarted").getString("id");
      String session = client.configure(env).getString("id");
      client.addService(env, session, MuranoClient.service("svc-1", "telnet"));
      client.deploy(env, session);
      assertEquals("deploying", client.environment(env).getString("status"));
      first.stopKeepingData();

      try (TestGateway second = TestGateway.restart(Map.of("store", "postgres", "pg.uri", database,
        "murano.deployer.timeout-ms", "500"), first.dataDir())) {
        MuranoClient again = new MuranoClient(second, second.token("ops", "password-of-ops"));
        JsonObject deployed = again.awaitStatus(env, "ready");
        assertEquals(1, deployed.getInteger("version"));
        JsonArray services = deployed.getJsonArray("services");
        assertEquals("svc-1", services.getJsonObject(0).getJsonObject("?").getString("id"), "the draft was applied");
      }
    }
  }
}
