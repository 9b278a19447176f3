package io.sessiongate.murano;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conditions every MuranoStore backend enforces; run on the in-process store and a real PostgreSQL. */
abstract class MuranoStoreContract {
  abstract MuranoStore store();

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private Environment environment(String tenant, String name) {
    Environment env = new Environment(id(), name, tenant, "", 0, new JsonObject().put("name", name), null, 1000, 1000);
    await(store().insertEnvironment(env));
    return env;
  }

  private ConfigurationSession open(Environment env, long version, JsonObject draft) {
    return await(store().insertSession(new ConfigurationSession(id(), env.id(), "u1", SessionState.OPENED, version,
      draft, 0, 0, 2000, 2000)));
  }

  private static Deployment deployment(Environment env, String sessionId) {
    return new Deployment("dep-" + sessionId, env.id(), env.tenantId(), sessionId, new JsonObject().put("name", "m"),
      null, new JsonObject(), "secret-" + sessionId, "https://gw/murano/v1/deployments/dep-" + sessionId + "/reports",
      3000, 0, 3000, 3000, 0, 0);
  }

  private static DeploymentReport scheduled(String sessionId) {
    return report("dep-" + sessionId, null, "Action deploy is scheduled", "info", 3000);
  }

  /** A finish whose outcome does not depend on the stored reports. */
  private static java.util.function.Function<MuranoStore.ReportCounts, MuranoStore.Ending> ending(SessionState outcome,
                                                                                              List<DeploymentReport> reports) {
    return counts -> new MuranoStore.Ending(outcome, reports);
  }

  private static DeploymentReport report(String deploymentId, String entityId, String text, String level, long at) {
    return new DeploymentReport(id(), deploymentId, null, entityId, text, level, null, at);
  }

  @Test
  void namesAreUniquePerTenant() {
    String name = "env-" + id();
    environment("t1", name);
    Throwable taken = failure(store().insertEnvironment(
      new Environment(id(), name, "t1", "", 0, new JsonObject(), null, 1, 1)));
    assertEquals(409, ((ApiError) taken).status());
    environment("t2", name);
    Environment other = environment("t1", "other-" + id());
    assertEquals(409, ((ApiError) failure(store().rename(other.id(), name, 5))).status());
    assertNull(await(store().rename("missing", "x", 5)));
  }

  @Test
  void aSnapshotHasTheSessionsNewestFirst() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession older = open(env, 0, new JsonObject());
    ConfigurationSession newer = open(env, 0, new JsonObject());
    EnvironmentSnapshot snapshot = await(store().snapshot(env.id()));
    assertEquals(newer.id(), snapshot.sessions().get(0).id());
    assertEquals(older.id(), snapshot.sessions().get(1).id());
    assertNull(await(store().snapshot("missing")));
    assertTrue(await(store().snapshots("t1")).stream().anyMatch(s -> s.environment().id().equals(env.id())));
  }

  @Test
  void ofTwoSessionsOnlyOneStartsDeployingAndOnlyOnTheCurrentVersion() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession first = open(env, 0, new JsonObject());
    ConfigurationSession second = open(env, 0, new JsonObject());
    assertFalse(await(store().startDeploy(env.id(), first.id(), 1, SessionState.DEPLOYING, 9_000, 3000, deployment(env, first.id()), scheduled(first.id()))),
      "a session of another version cannot start");
    assertTrue(await(store().startDeploy(env.id(), first.id(), 0, SessionState.DEPLOYING, 9_000, 3000, deployment(env, first.id()), scheduled(first.id()))));
    assertFalse(await(store().startDeploy(env.id(), second.id(), 0, SessionState.DEPLOYING, 9_000, 3000, deployment(env, second.id()), scheduled(second.id()))));
    assertFalse(await(store().startDeploy(env.id(), first.id(), 0, SessionState.DEPLOYING, 9_000, 3000, deployment(env, first.id()), scheduled(first.id()))));
    assertEquals(first.id(), await(store().environment(env.id())).acquiredBy());
    assertFalse(await(store().deleteSession(first.id())), "a running deployment's session stays");
    assertTrue(await(store().deleteSession(second.id())));
  }

  @Test
  void aDeploymentEndsOnceAndMovesTheVersionOn() {
    Environment env = environment("t1", "env-" + id());
    JsonObject draft = new JsonObject().put("name", "drafted");
    ConfigurationSession session = open(env, 0, draft);
    await(store().startDeploy(env.id(), session.id(), 0, SessionState.DEPLOYING, 9_000, 3000, deployment(env, session.id()), scheduled(session.id())));
    assertTrue(await(store().finishDeploy(env.id(), session.id(), draft, 4000, null, new JsonObject(), ending(SessionState.DEPLOYED, List.of()))));
    assertFalse(await(store().finishDeploy(env.id(), session.id(), null, 4000, null, new JsonObject(), ending(SessionState.DEPLOY_FAILURE, List.of()))));
    Environment deployed = await(store().environment(env.id()));
    assertEquals(1, deployed.version());
    assertNull(deployed.acquiredBy());
    assertEquals("drafted", deployed.model().getString("name"));
    assertEquals(SessionState.DEPLOYED, await(store().session(session.id())).state());
  }

  @Test
  void aDeployedDeletionRemovesTheEnvironmentAndItsSessions() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession deletion = open(env, 0, null);
    await(store().startDeploy(env.id(), deletion.id(), 0, SessionState.DELETING, 9_000, 3000, deployment(env, deletion.id()), scheduled(deletion.id())));
    assertTrue(await(store().finishDeploy(env.id(), deletion.id(), null, 4000, null, new JsonObject(), ending(SessionState.DEPLOYED, List.of()))));
    assertNull(await(store().environment(env.id())));
    assertNull(await(store().session(deletion.id())));
  }

  @Test
  void anAbandonedDeploymentIsClaimedOnceAfterItsDeadline() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession session = open(env, 0, new JsonObject());
    await(store().startDeploy(env.id(), session.id(), 0, SessionState.DEPLOYING, 5000, 3000, deployment(env, session.id()), scheduled(session.id())));
    assertFalse(await(store().abandonedDeployments(4000)).stream().anyMatch(s -> s.id().equals(session.id())));
    assertFalse(await(store().claimDeployment(session.id(), 4000, 9000)), "its node still owns it");
    assertTrue(await(store().abandonedDeployments(6000)).stream().anyMatch(s -> s.id().equals(session.id())));
    assertTrue(await(store().claimDeployment(session.id(), 6000, 9000)));
    assertFalse(await(store().claimDeployment(session.id(), 6000, 9000)), "another node took it first");
  }

  @Test
  void aDraftChangesOnlyFromTheRevisionItWasReadAt() {
    Environment env = environment("t1", "env-" + id());
    ConfigurationSession session = open(env, 0, new JsonObject());
    assertTrue(await(store().replaceDraft(session.id(), session.revision(), new JsonObject().put("a", 1), 3000)));
    assertFalse(await(store().replaceDraft(session.id(), session.revision(), new JsonObject().put("b", 2), 3000)));
    assertEquals(1, await(store().session(session.id())).draft().getInteger("a"));
  }

  @Test
  void aDeploymentIsRecordedWithItsReportsAndFinishedOnce() {
    Environment env = environment("t-dep", "env-" + id());
    ConfigurationSession session = open(env, 0, new JsonObject().put("name", "m"));
    assertTrue(await(store().startDeploy(env.id(), session.id(), 0, SessionState.DEPLOYING, 9_000, 3000,
      deployment(env, session.id()), scheduled(session.id()))));
    String deploymentId = "dep-" + session.id();
    Deployment running = await(store().deployment(deploymentId));
    assertTrue(running.running());
    assertEquals("running", running.state());
    assertEquals("secret-" + session.id(), running.reportSecret());
    assertEquals(deploymentId, await(store().deploymentOfSession(session.id())).id());

    assertTrue(await(store().addReport(report(deploymentId, "svc-1", "creating", "info", 3100))));
    assertTrue(await(store().addReport(report(deploymentId, "svc-1", "slow disk", "warning", 3200))));
    assertEquals("running_w_warnings", await(store().deployment(deploymentId)).state());
    assertFalse(await(store().addReport(report("dep-missing", "svc-1", "x", "info", 3300))), "no such deployment");
    List<MuranoStore.ReportCounts> seen = new java.util.ArrayList<>();

    assertTrue(await(store().finishDeploy(env.id(), session.id(), null, 4000, deploymentId,
      new JsonObject().put("isException", true), counts -> {
        seen.add(counts);
        return new MuranoStore.Ending(SessionState.DEPLOY_FAILURE, List.of(
          report(deploymentId, "svc-1", "failed", "error", 4000),
          report(deploymentId, null, "Deployment finished with errors", "info", 4000)));
      })));
    assertEquals(List.of(new MuranoStore.ReportCounts(0, 1)), seen, "the stored reports are counted once, as the finish runs");
    Deployment finished = await(store().deployment(deploymentId));
    assertFalse(finished.running());
    assertEquals(4000, finished.finished());
    assertEquals("completed_w_errors", finished.state());
    assertEquals(true, finished.result().getBoolean("isException"));
    assertFalse(await(store().addReport(report(deploymentId, "svc-1", "late", "info", 5000))), "it has finished");

    List<DeploymentReport> reports = await(store().reports(deploymentId));
    assertEquals(List.of("Action deploy is scheduled", "creating", "slow disk", "failed", "Deployment finished with errors"),
      reports.stream().map(DeploymentReport::text).toList());
    assertEquals(5, await(store().environmentReports(env.id())).size());
  }

  @Test
  void deploymentsAreListedNewestFirstPerEnvironmentAndTenant() {
    Environment env = environment("t-list-" + id(), "env-" + id());
    Environment other = environment(env.tenantId(), "env-" + id());
    List<String> started = new java.util.ArrayList<>();
    for (int round = 0; round < 2; round++) {
      ConfigurationSession session = open(env, round, new JsonObject());
      Deployment deployment = deployment(env, session.id());
      Deployment later = new Deployment(deployment.id(), env.id(), env.tenantId(), session.id(), null, null, null,
        "s", "u", 3000 + round, 0, 3000 + round, 3000 + round, 0, 0);
      assertTrue(await(store().startDeploy(env.id(), session.id(), round, SessionState.DEPLOYING, 9_000, 3000 + round,
        later, scheduled(session.id()))));
      assertTrue(await(store().finishDeploy(env.id(), session.id(), null, 3500 + round,
        later.id(), new JsonObject(), ending(SessionState.DEPLOYED, List.of()))));
      started.add(later.id());
    }
    ConfigurationSession third = open(other, 0, new JsonObject());
    Deployment newest = new Deployment("dep-" + third.id(), other.id(), other.tenantId(), third.id(), null, null, null,
      "s", "u", 3010, 0, 3010, 3010, 0, 0);
    assertTrue(await(store().startDeploy(other.id(), third.id(), 0, SessionState.DEPLOYING, 9_000, 3010,
      newest, scheduled(third.id()))));
    assertEquals(List.of(started.get(1), started.get(0)),
      await(store().deployments(env.id())).stream().map(Deployment::id).toList());
    assertEquals("success", await(store().deployments(env.id())).get(0).state());
    assertEquals(List.of("dep-" + third.id(), started.get(1), started.get(0)),
      await(store().tenantDeployments(env.tenantId())).stream().map(Deployment::id).toList());
    assertTrue(await(store().tenantDeployments(null)).size() >= 3);

    await(store().removeEnvironment(env.id()));
    assertEquals(List.of(), await(store().deployments(env.id())), "deployments go with their environment");
    assertNull(await(store().deployment(started.get(0))));
    assertEquals(List.of(), await(store().reports(started.get(0))));
  }
}
