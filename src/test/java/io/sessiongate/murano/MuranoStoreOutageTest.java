package io.sessiongate.murano;

import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Murano deployment in flight when PostgreSQL goes away survives the outage: the webhook answers while the
 * store is stopped, so its outcome cannot be recorded; the deployment keeps its lease, and once the store is
 * back it is resumed and ends deployed. Meanwhile Murano answers 503 with Retry-After in its own format.
 */
class MuranoStoreOutageTest {
  @Test
  void aDeploymentInFlightDuringAnOutageIsResumedAndEndsDeployed() {
    PostgresServer postgres = PostgresServer.dedicated();
    try (DeployerStub engine = new DeployerStub()) {
      engine.answer(DeployerStub.HOLD);
      try (TestGateway gateway = TestGateway.onPostgres("murano_outage", Map.of(
        "pg.uri", postgres.newDatabase("murano_outage"),
        "pg.acquire-timeout-ms", "1000", "pg.statement-timeout-ms", "1000",
        "murano.deployer.type", "webhook", "murano.deployer.url", engine.url(),
        "murano.deployer.timeout-ms", "1000"))) {
        MuranoClient client = MuranoClient.user(gateway, "dev", "t1", false);
        String env = client.createEnvironment("through-an-outage").getString("id");
        String session = client.configure(env).getString("id");
        client.addService(env, session, MuranoClient.service("svc-1", "telnet"));
        client.deploy(env, session);
        assertEquals("deploying", client.environment(env).getString("status"));

        postgres.stopImmediately();
        try {
          engine.release(200);
          HttpResponse<Buffer> refused = client.call(HttpMethod.GET, "/environments/" + env);
          assertEquals(503, refused.statusCode(), refused.bodyAsString());
          assertNotNull(refused.getHeader("Retry-After"));
          assertTrue(refused.bodyAsJsonObject().containsKey("title") || refused.bodyAsJsonObject().containsKey("error"),
            "Murano's error format: " + refused.bodyAsString());
        } finally {
          postgres.startAgain();
        }

        assertEquals(1, client.awaitStatus(env, "ready").getInteger("version"));
        assertTrue(engine.received().size() >= 2, "the deployment was resumed: " + engine.received());
      }
    }
  }
}
