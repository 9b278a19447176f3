package io.sessiongate.murano;

import io.sessiongate.testing.Await;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.sessiongate.murano.MuranoClient.assertFault;
import static io.sessiongate.murano.MuranoClient.ok;
import static io.sessiongate.murano.MuranoClient.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deployments, their reports and lastStatus over real HTTPS, with the cases of Murano's
 * murano/tests/unit/api/v1/test_deployments.py and the lastStatus parts of test_environments.py; the
 * webhook deployer is a real HTTP server that posts reports back to the gateway while it works. Run on the
 * in-process store and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MuranoDeploymentsContract {
  private static final String BARE_NOT_FOUND = "The resource could not be found.<br /><br />\n\n\n";
  private static final String BARE_BAD_REQUEST = "The server could not comply with the request since\r\nit is "
    + "either malformed or otherwise incorrect.\r\n<br /><br />\n\n\n";

  private DeployerStub deployer;
  private TestGateway gateway;
  private MuranoClient alice;
  private MuranoClient carol;
  private MuranoClient admin;

  abstract TestGateway start(Map<String, String> settings);

  @BeforeAll
  void startGateway() {
    deployer = new DeployerStub();
    gateway = start(Map.of("murano.deployer.type", "webhook", "murano.deployer.url", deployer.url(),
      "murano.deployer.timeout-ms", "30000"));
  }

  @AfterAll
  void stopGateway() {
    gateway.close();
    deployer.close();
  }

  @BeforeEach
  void users() {
    deployer.reportWhileWorking(List.of());
    deployer.answerWith(null);
    deployer.release(200);
    alice = MuranoClient.user(gateway, "alice", "t1", false);
    carol = MuranoClient.user(gateway, "carol", "t2", false);
    admin = new MuranoClient(gateway, gateway.adminToken());
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonArray deployments(MuranoClient client, String path) {
    return ok(client.call(HttpMethod.GET, path)).bodyAsJsonObject().getJsonArray("deployments");
  }

  private static JsonArray reports(MuranoClient client, String env, String deployment) {
    return ok(client.call(HttpMethod.GET, "/environments/" + env + "/deployments/" + deployment)).bodyAsJsonObject()
      .getJsonArray("reports");
  }

  private static List<String> texts(JsonArray reports) {
    return reports.stream().map(report -> ((JsonObject) report).getString("text")).toList();
  }

  /** Deploys a session with one service and waits for the outcome. */
  private void deployWith(MuranoClient client, String env, JsonObject service, String status) {
    String session = client.configure(env).getString("id");
    client.addService(env, session, service);
    client.deploy(env, session);
    client.awaitStatus(env, status);
  }

  @Test
  void everyDeployIsADeploymentListedNewestFirstWithItsState() {
    String env = alice.createEnvironment(unique("deployed")).getString("id");
    assertEquals(new JsonArray(), deployments(alice, "/environments/" + env + "/deployments"),
      "not deployed yet (test_deployments_index)");

    deployWith(alice, env, service("svc-a", "a"), "ready");
    deployer.answer(500);
    deployWith(alice, env, service("svc-b", "b"), "deploy failure");

    JsonArray listed = deployments(alice, "/environments/" + env + "/deployments");
    assertEquals(2, listed.size());
    JsonObject failed = listed.getJsonObject(0);
    JsonObject succeeded = listed.getJsonObject(1);
    assertEquals("completed_w_errors", failed.getString("state"), "newest first: the failed one");
    assertEquals("success", succeeded.getString("state"));
    assertEquals(env, succeeded.getString("environment_id"));
    assertEquals("deploy", succeeded.getJsonObject("action").getString("method"));
    assertEquals(env, succeeded.getJsonObject("action").getString("object_id"));
    assertEquals("svc-a", succeeded.getJsonObject("description").getJsonArray("services").getJsonObject(0)
      .getJsonObject("?").getString("id"), "the deployed model");
    assertEquals(2, failed.getJsonObject("description").getJsonArray("services").size());
    assertNotNull(succeeded.getString("started"));
    assertNotNull(succeeded.getString("finished"));
    assertEquals(new JsonObject(), succeeded.getJsonObject("result"));
    assertEquals(true, failed.getJsonObject("result").getBoolean("isException"));
    assertFalse(succeeded.containsKey("report_secret") || succeeded.encode().contains("secret"), "the secret stays inside");

    assertEquals(List.of("Action deploy is scheduled", "Deployment finished"),
      texts(reports(alice, env, succeeded.getString("id"))), "the built-in start and end reports");
    JsonArray failure = reports(alice, env, failed.getString("id"));
    assertEquals("Action deploy is scheduled", failure.getJsonObject(0).getString("text"));
    assertEquals("error", failure.getJsonObject(1).getString("level"));
    assertTrue(failure.getJsonObject(1).getString("text").contains("answered 500"), failure.encode());
    assertEquals("Deployment finished with errors", failure.getJsonObject(2).getString("text"));
    JsonObject report = failure.getJsonObject(0);
    assertEquals(failed.getString("id"), report.getString("task_id"));
    assertTrue(report.containsKey("entity") && report.containsKey("entity_id") && report.containsKey("details"));
    assertEquals("info", report.getString("level"));
    assertNotNull(report.getString("created"));
  }

  @Test
  void theTenantsDeploymentsAcrossItsEnvironments() {
    String first = alice.createEnvironment(unique("all-1")).getString("id");
    String second = alice.createEnvironment(unique("all-2")).getString("id");
    String theirs = carol.createEnvironment(unique("all-3")).getString("id");
    for (String env : List.of(first, second)) {
      alice.deploy(env, alice.configure(env).getString("id"));
      alice.awaitStatus(env, "ready");
    }
    carol.deploy(theirs, carol.configure(theirs).getString("id"));
    carol.awaitStatus(theirs, "ready");

    List<String> mine = deployments(alice, "/deployments").stream()
      .map(d -> ((JsonObject) d).getString("environment_id")).toList();
    assertTrue(mine.contains(first) && mine.contains(second), "test_deployments_all_environments");
    assertFalse(mine.contains(theirs), "test_deployments_all_environments_different_tenants");
    assertEquals(second, mine.get(0), "newest first");
    assertEquals(List.of(theirs), deployments(carol, "/deployments").stream()
      .map(d -> ((JsonObject) d).getString("environment_id")).filter(theirs::equals).toList());

    assertFault(alice.call(HttpMethod.GET, "/deployments?all_tenants=true"), 403,
      "User is not authorized to access these tenant resources");
    List<String> all = deployments(admin, "/deployments?all_tenants=True").stream()
      .map(d -> ((JsonObject) d).getString("environment_id")).toList();
    assertTrue(all.containsAll(List.of(first, second, theirs)));
    assertFault(carol.call(HttpMethod.GET, "/environments/" + first + "/deployments"), 403,
      "User is not authorized to access these tenant resources");
    assertFault(alice.call(HttpMethod.GET, "/environments/nope/deployments"), 404, "Environment with id nope not found");
  }

  @Test
  void reportsAreCheckedAndFilteredAsMuranoDoes() {
    String env = alice.createEnvironment(unique("statuses")).getString("id");
    HttpResponse<Buffer> unknown = alice.call(HttpMethod.GET, "/environments/" + env + "/deployments/1");
    assertEquals(404, unknown.statusCode(), "test_deployments_not_found_statuses");
    assertEquals(BARE_NOT_FOUND, unknown.bodyAsJsonObject().getString("message"));

    deployer.reportWhileWorking(List.of(
      new JsonObject().put("id", "svc-x").put("text", "about x"),
      new JsonObject().put("id", "inner-y").put("text", "about y's instance")));
    JsonObject withInstance = service("svc-y", "y").put("instance", new JsonObject()
      .put("?", new JsonObject().put("id", "inner-y").put("type", "io.murano.resources.LinuxMuranoInstance")));
    String session = alice.configure(env).getString("id");
    alice.addService(env, session, service("svc-x", "x"));
    alice.addService(env, session, withInstance);
    alice.deploy(env, session);
    alice.awaitStatus(env, "ready");
    String deployment = deployments(alice, "/environments/" + env + "/deployments").getJsonObject(0).getString("id");

    assertEquals(4, reports(alice, env, deployment).size(), "test_deployments_status: not empty");
    assertEquals(new JsonArray(), ok(alice.call(HttpMethod.GET, "/environments/" + env + "/deployments/" + deployment
      + "?service_id=12")).bodyAsJsonObject().getJsonArray("reports"), "no such service: none");
    assertEquals(List.of("about y's instance"), texts(ok(alice.call(HttpMethod.GET, "/environments/" + env
      + "/deployments/" + deployment + "?service_id=svc-y")).bodyAsJsonObject().getJsonArray("reports")),
      "a service's reports include those about the objects inside it");
    assertEquals(2, ok(alice.call(HttpMethod.GET, "/environments/" + env + "/deployments/" + deployment
      + "?service_id=svc-y&service_id=svc-x")).bodyAsJsonObject().getJsonArray("reports").size());

    String other = alice.createEnvironment(unique("other")).getString("id");
    HttpResponse<Buffer> elsewhere = alice.call(HttpMethod.GET, "/environments/" + other + "/deployments/" + deployment);
    assertEquals(400, elsewhere.statusCode(), "a deployment of another environment");
    assertEquals(BARE_BAD_REQUEST, elsewhere.bodyAsJsonObject().getString("message"));
    assertFault(carol.call(HttpMethod.GET, "/environments/" + env + "/deployments/" + deployment), 403,
      "User is not authorized to access these tenant resources");
  }

  @Test
  void aWebhookDeployerPostsReportsWhileItWorksAndLastStatusShowsTheNewestPerService() {
    String env = alice.createEnvironment(unique("reported")).getString("id");
    // Murano orders reports by their time: the engine's timestamp (UTC, no zone) when it sends one.
    String later = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusHours(1)
      .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    String session = alice.configure(env).getString("id");
    alice.addService(env, session, service("svc-1", "web"));
    alice.addService(env, session, service("svc-2", "db"));
    deployer.reportWhileWorking(List.of(
      new JsonObject().put("id", "svc-1").put("text", "Creating instance").put("level", "info"),
      new JsonObject().put("id", "svc-2").put("text", "Installing PostgreSQL").put("level", "info")
        .put("details", new JsonObject().put("step", 1)),
      new JsonObject().put("entity_id", "svc-1").put("entity", "unit").put("text", "Instance is up")
        .put("level", "info").put("timestamp", later + ".123456")));
    deployer.answer(DeployerStub.HOLD);
    alice.deploy(env, session);

    Await.until("three reports posted", Duration.ofSeconds(20), () -> deployer.reportStatuses().size() >= 3);
    assertEquals(List.of(200, 200, 200), deployer.reportStatuses(), "the gateway took the three reports");
    JsonObject running = deployments(alice, "/environments/" + env + "/deployments").getJsonObject(0);
    assertEquals("running", running.getString("state"));
    assertNull(running.getValue("finished"));
    String deployment = running.getString("id");
    JsonObject task = deployer.received().get(deployer.received().size() - 1);
    assertEquals(deployment, task.getString("deployment_id"));
    assertTrue(task.getString("report_url").endsWith("/murano/v1/deployments/" + deployment + "/reports"),
      task.getString("report_url"));

    JsonArray whileRunning = reports(alice, env, deployment);
    assertEquals(List.of("Action deploy is scheduled", "Creating instance", "Installing PostgreSQL", "Instance is up"),
      texts(whileRunning));
    assertEquals("svc-2", whileRunning.getJsonObject(2).getString("entity_id"));
    assertEquals("{\"step\":1}", whileRunning.getJsonObject(2).getString("details"));
    assertEquals("unit", whileRunning.getJsonObject(3).getString("entity"));
    assertEquals(later, whileRunning.getJsonObject(3).getString("created"));

    JsonObject last = ok(alice.call(HttpMethod.GET, "/environments/" + env + "/lastStatus", session))
      .bodyAsJsonObject().getJsonObject("lastStatuses");
    assertEquals("Instance is up", last.getJsonObject("svc-1").getString("text"), "svc-1's newest of two");
    assertEquals("Installing PostgreSQL", last.getJsonObject("svc-2").getString("text"));
    assertEquals(new JsonObject(), ok(alice.call(HttpMethod.GET, "/environments/" + env + "/lastStatus"))
      .bodyAsJsonObject().getJsonObject("lastStatuses"), "nothing deployed yet: no services to report on");

    String reportUrl = "/deployments/" + deployment + "/reports";
    assertFault(alice.call(HttpMethod.POST, reportUrl, null, new JsonObject().put("text", "forged")), 403,
      "The report secret does not match deployment " + deployment);
    assertFault(gateway.sendRaw(gateway.request(HttpMethod.POST, MuranoClient.BASE + "/deployments/nope/reports")
        .putHeader("X-Report-Secret", "x"), "application/json", "{\"text\": \"t\"}"), 404,
      "Deployment with id nope not found");

    deployer.answerWith(new JsonObject().put("result", new JsonObject().put("result", "deployed"))
      .put("reports", new JsonArray().add(new JsonObject().put("id", "svc-2").put("text", "PostgreSQL is running"))));
    deployer.release(200);
    alice.awaitStatus(env, "ready");

    JsonObject finished = deployments(alice, "/environments/" + env + "/deployments").getJsonObject(0);
    assertEquals("success", finished.getString("state"));
    assertEquals(new JsonObject().put("result", "deployed"), finished.getJsonObject("result"));
    assertEquals(List.of("Action deploy is scheduled", "Creating instance", "Installing PostgreSQL",
      "PostgreSQL is running", "Deployment finished", "Instance is up"), texts(reports(alice, env, deployment)),
      "oldest first: the report stamped an hour ahead is last");
    JsonObject deployedLast = ok(alice.call(HttpMethod.GET, "/environments/" + env + "/lastStatus")).bodyAsJsonObject()
      .getJsonObject("lastStatuses");
    assertEquals("PostgreSQL is running", deployedLast.getJsonObject("svc-2").getString("text"), "svc-2's newest");
    assertEquals("Instance is up", deployedLast.getJsonObject("svc-1").getString("text"));

    HttpResponse<Buffer> late = gateway.sendRaw(gateway.request(HttpMethod.POST, MuranoClient.BASE + reportUrl)
      .putHeader("X-Report-Secret", task.getString("report_secret")), "application/json", "{\"text\": \"late\"}");
    assertFault(late, 409, "Deployment " + deployment + " has finished: it takes no more reports");
  }

  @Test
  void anErrorReportedWhileWorkingFailsTheDeployment() {
    String env = alice.createEnvironment(unique("erroneous")).getString("id");
    deployer.reportWhileWorking(List.of(new JsonObject().put("id", "svc-e").put("text", "Quota exceeded")
      .put("level", "error")));
    deployWith(alice, env, service("svc-e", "e"), "deploy failure");
    JsonObject deployment = deployments(alice, "/environments/" + env + "/deployments").getJsonObject(0);
    assertEquals("completed_w_errors", deployment.getString("state"), "as Murano's ResultEndpoint counts errors");
    assertEquals("Deployment finished with errors", texts(reports(alice, env, deployment.getString("id"))).get(2));
  }

  @Test
  void lastStatusChecksTheEnvironmentAndTheSession() {
    String env = alice.createEnvironment(unique("last")).getString("id");
    assertFault(carol.call(HttpMethod.GET, "/environments/" + env + "/lastStatus"), 403,
      "User is not authorized to access these tenant resources");
    String session = alice.configure(env).getString("id");
    alice.addService(env, session, service("svc-l", "l"));
    JsonObject last = ok(alice.call(HttpMethod.GET, "/environments/" + env + "/lastStatus", session)).bodyAsJsonObject();
    assertTrue(last.getJsonObject("lastStatuses").containsKey("svc-l"), "test_last_status_session");
    assertNull(last.getJsonObject("lastStatuses").getValue("svc-l"), "nothing reported about it yet");
    assertEquals(404, alice.call(HttpMethod.GET, "/environments/" + env + "/lastStatus", "nope").statusCode());
    assertFault(alice.call(HttpMethod.GET, "/environments/nope/lastStatus"), 404, "Environment with id nope not found");
  }

  @Test
  void showWithASessionShowsItsDraft() {
    String env = alice.createEnvironment(unique("draft")).getString("id");
    String session = alice.configure(env).getString("id");
    alice.addService(env, session, service("svc-d", "d"));
    assertEquals(new JsonArray(), alice.environment(env).getJsonArray("services"));
    JsonObject byQuery = ok(alice.call(HttpMethod.GET, "/environments/" + env + "?session_id=" + session))
      .bodyAsJsonObject();
    assertEquals(env, byQuery.getString("id"), "test_show_environments_session");
    assertEquals("svc-d", byQuery.getJsonArray("services").getJsonObject(0).getJsonObject("?").getString("id"));
    assertEquals(1, ok(alice.call(HttpMethod.GET, "/environments/" + env, session)).bodyAsJsonObject()
      .getJsonArray("services").size(), "the header, as python-muranoclient sends it");
    assertFault(alice.call(HttpMethod.GET, "/environments/" + env + "?session_id=nope"), 404,
      "Session <SessionId nope> is not found");
  }

  @Test
  void aDeletionIsADeploymentToo() {
    String env = alice.createEnvironment(unique("deleted")).getString("id");
    alice.deploy(env, alice.configure(env).getString("id"));
    alice.awaitStatus(env, "ready");
    deployer.answer(DeployerStub.HOLD);
    ok(alice.call(HttpMethod.DELETE, "/environments/" + env));
    JsonArray listed = deployments(alice, "/environments/" + env + "/deployments");
    assertEquals(2, listed.size());
    JsonObject deletion = listed.getJsonObject(0);
    assertEquals("running", deletion.getString("state"));
    assertNull(deletion.getValue("action"), "Murano's deletion task has no action");
    assertEquals(new JsonObject().put("services", new JsonArray()), deletion.getJsonObject("description"));
    assertEquals("Action None is scheduled", reports(alice, env, deletion.getString("id")).getJsonObject(0)
      .getString("text"));
    deployer.release(200);
    alice.awaitGone(env);
    assertFalse(deployments(alice, "/deployments").stream()
      .anyMatch(d -> env.equals(((JsonObject) d).getString("environment_id"))), "they go with the environment");
  }
}
