package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployers themselves: the built-in one applies the draft, the webhook one gives up after its timeout. */
class MuranoDeployerTest {
  @Test
  void theBuiltInDeployerAppliesTheDraft() {
    try (TestGateway gateway = TestGateway.inMemory(Map.of())) {
      MuranoClient client = MuranoClient.user(gateway, "dev", "t1", false);
      String env = client.createEnvironment("builtin").getString("id");
      String session = client.configure(env).getString("id");
      client.addService(env, session, MuranoClient.service("svc-1", "telnet"));
      client.deploy(env, session);
      JsonObject deployed = client.awaitStatus(env, "ready");
      assertEquals(1, deployed.getInteger("version"));
      assertEquals("svc-1", deployed.getJsonArray("services").getJsonObject(0).getJsonObject("?").getString("id"));
      assertEquals(1, client.call(HttpMethod.GET, "/environments/" + env + "/services").bodyAsJsonArray().size());

      JsonObject deployment = client.call(HttpMethod.GET, "/environments/" + env + "/deployments").bodyAsJsonObject()
        .getJsonArray("deployments").getJsonObject(0);
      assertEquals("success", deployment.getString("state"));
      JsonArray reports = client.call(HttpMethod.GET, "/environments/" + env + "/deployments/"
        + deployment.getString("id")).bodyAsJsonObject().getJsonArray("reports");
      assertEquals(List.of("Action deploy is scheduled", "Deployment finished"),
        reports.stream().map(report -> ((JsonObject) report).getString("text")).toList(),
        "the built-in deployer's start and end reports");
    }
  }

  @Test
  void aWebhookThatDoesNotAnswerInTimeFailsTheDeployment() {
    try (DeployerStub silent = new DeployerStub()) {
      silent.answer(DeployerStub.HOLD);
      try (TestGateway gateway = TestGateway.inMemory(Map.of("murano.deployer.type", "webhook",
        "murano.deployer.url", silent.url(), "murano.deployer.timeout-ms", "300"))) {
        MuranoClient client = MuranoClient.user(gateway, "dev", "t1", false);
        String env = client.createEnvironment("slow").getString("id");
        client.deploy(env, client.configure(env).getString("id"));
        client.awaitStatus(env, "deploy failure");
        assertEquals(1, silent.received().size());
      }
    }
  }

  @Test
  void aWebhookDeployerNeedsAUrl() {
    RuntimeException refused = assertThrows(RuntimeException.class,
      () -> TestGateway.inMemory(Map.of("murano.deployer.type", "webhook")));
    assertTrue(String.valueOf(refused.getMessage()).contains("murano.deployer.url"), refused.getMessage());
  }

  /**
   * The report URL (where the deployer sends each deployment's secret) is the gateway's own listen address,
   * not the Host header the caller sent: a forged one would send the deployer to the caller's host.
   */
  @Test
  void aForgedHostHeaderDoesNotChangeTheReportUrl() {
    try (DeployerStub deployer = new DeployerStub()) {
      try (TestGateway gateway = TestGateway.inMemory(Map.of("murano.deployer.type", "webhook",
        "murano.deployer.url", deployer.url()))) {
        JsonObject task = deployWithForgedHost(gateway, deployer);
        assertEquals("https://127.0.0.1:" + gateway.port() + "/murano/v1/deployments/" + task.getString("deployment_id")
          + "/reports", task.getString("report_url"), "the wildcard listen host stands for loopback");
      }
    }
  }

  /** A configured public base URL is used as given (a trailing slash dropped), whatever the Host header says. */
  @Test
  void aConfiguredReportBaseUrlIsUsedWhateverTheHostHeader() {
    try (DeployerStub deployer = new DeployerStub()) {
      try (TestGateway gateway = TestGateway.inMemory(Map.of("murano.deployer.type", "webhook",
        "murano.deployer.url", deployer.url(), "murano.report-base-url", "https://gateway.example:9443/"))) {
        JsonObject task = deployWithForgedHost(gateway, deployer);
        assertEquals("https://gateway.example:9443/murano/v1/deployments/" + task.getString("deployment_id")
          + "/reports", task.getString("report_url"));
      }
    }
  }

  /** Deploys a new environment with the request's Host header set to another host; the task the deployer got. */
  private static JsonObject deployWithForgedHost(TestGateway gateway, DeployerStub deployer) {
    MuranoClient client = MuranoClient.user(gateway, "dev", "t1", false);
    String env = client.createEnvironment("forged-host").getString("id");
    String session = client.configure(env).getString("id");
    MuranoClient.ok(gateway.send(client.request(HttpMethod.POST, "/environments/" + env + "/sessions/" + session
      + "/deploy", null).putHeader("Host", "attacker.example:4444")));
    client.awaitStatus(env, "ready");
    assertEquals(1, deployer.received().size());
    return deployer.received().get(0);
  }

  @Test
  void aReportBaseUrlMustBeAnHttpUrl() {
    RuntimeException refused = assertThrows(RuntimeException.class,
      () -> TestGateway.inMemory(Map.of("murano.report-base-url", "gateway.example:9443")));
    assertTrue(String.valueOf(refused.getMessage()).contains("murano.report-base-url"), refused.getMessage());
  }
}
