package io.sessiongate.murano;

import io.sessiongate.testing.MigratedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresMuranoStoreTest extends MuranoStoreContract {
  private static MigratedDatabase database;
  private static MuranoStore store;

  @BeforeAll
  static void database() {
    database = new MigratedDatabase("murano_store");
    store = new PgMuranoStore(database.pool());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  MuranoStore store() {
    return store;
  }

  /** A report that arrives while the deployment's finish is being written is refused, not added after the closing one. */
  @Test
  void aReportDuringTheFinishWaitsAndIsRefused() throws Exception {
    String env = UUID.randomUUID().toString().replace("-", "");
    String session = "s-" + env;
    String deploymentId = "dep-" + env;
    await(store.insertEnvironment(new Environment(env, "env-" + env, "t-race", "", 0, new JsonObject(), null, 1, 1)));
    await(store.insertSession(new ConfigurationSession(session, env, "u1", SessionState.OPENED, 0, new JsonObject(), 0, 0,
      2, 2)));
    assertTrue(await(store.startDeploy(env, session, 0, SessionState.DEPLOYING, 9_000, 3000,
      new Deployment(deploymentId, env, "t-race", session, new JsonObject(), null, null, "secret", "url", 3000, 0, 3000,
        3000, 0, 0),
      new DeploymentReport("r0-" + env, deploymentId, null, null, "Action deploy is scheduled", "info", null, 3000))));

    SqlConnection finishing = await(database.pool().getConnection());
    try {
      Transaction tx = await(finishing.begin());
      await(finishing.preparedQuery("UPDATE murano_deployments SET finished = 4000 WHERE id = $1")
        .execute(Tuple.of(deploymentId)));
      Future<Boolean> added = store.addReport(
        new DeploymentReport("r1-" + env, deploymentId, null, "svc", "late", "info", null, 3500));
      awaitAStatementWaitingForALock();
      assertFalse(added.isComplete(), "the report waits for the finish in flight");
      await(tx.commit());
      assertFalse(await(added), "the deployment has finished by then");
    } finally {
      await(finishing.close());
    }
    assertEquals(List.of("Action deploy is scheduled"),
      await(store.reports(deploymentId)).stream().map(DeploymentReport::text).toList());
  }

  /**
   * An error report whose insert is still open (it holds the deployment row FOR SHARE, as addReport does) when
   * the deployer answers "deployed": the finish waits for it and counts it, so the environment fails with
   * "Deployment finished with errors", as the deployment list says, instead of reading the counts before.
   */
  @Test
  void anErrorReportCommittedDuringTheFinishIsCountedByIt() throws Exception {
    String env = UUID.randomUUID().toString().replace("-", "");
    String sessionId = "s-" + env;
    Environment environment = new Environment(env, "env-" + env, "t-count", "", 0, new JsonObject(), null, 1, 1);
    await(store.insertEnvironment(environment));
    ConfigurationSession session = await(store.insertSession(new ConfigurationSession(sessionId, env, "u1",
      SessionState.OPENED, 0, new JsonObject(), 0, 0, 2, 2)));
    Promise<DeployerAnswer> answer = Promise.promise();
    List<DeploymentTask> tasks = new CopyOnWriteArrayList<>();
    DeploymentRunner deployments = new DeploymentRunner(store, new MuranoSettings("/murano",
      MuranoSettings.DeployerKind.WEBHOOK, null, 30_000, null), task -> {
        tasks.add(task);
        return answer.future();
      });
    await(deployments.start(environment, session, "https://gateway.test/murano"));
    String deploymentId = tasks.get(0).deploymentId();

    SqlConnection reporting = await(database.pool().getConnection());
    try {
      Transaction tx = await(reporting.begin());
      assertEquals(1, await(reporting.preparedQuery("WITH running AS (SELECT id FROM murano_deployments "
          + "WHERE id = $2 AND finished IS NULL FOR SHARE) INSERT INTO murano_reports "
          + "(id, deployment_id, entity, entity_id, text, level, details, created) "
          + "SELECT $1, $2, NULL, 'svc', 'disk failed', 'error', NULL, 3500 FROM running")
        .execute(Tuple.of("r-err-" + env, deploymentId))).rowCount());
      answer.complete(DeployerAnswer.deployed(null, List.of()));
      awaitAStatementWaitingForALock();
      assertEquals(SessionState.DEPLOYING, await(store.session(sessionId)).state(), "the finish waits for the report");
      await(tx.commit());
    } finally {
      await(reporting.close());
    }
    until("the finish is written", Duration.ofSeconds(5),
      () -> await(store.session(sessionId)).state() != SessionState.DEPLOYING);
    assertEquals(SessionState.DEPLOY_FAILURE, await(store.session(sessionId)).state());
    assertEquals("completed_w_errors", await(store.deployment(deploymentId)).state());
    List<DeploymentReport> reports = await(store.reports(deploymentId));
    assertEquals("Deployment finished with errors", reports.get(reports.size() - 1).text());
  }

  /** Until another session of this database waits for a row lock (the finish, here), at most 5 s. */
  private static void awaitAStatementWaitingForALock() {
    until("a statement waits for a row lock", Duration.ofSeconds(5), () -> await(database.pool()
      .query("SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() "
        + "AND wait_event_type = 'Lock'").execute()).iterator().next().getLong("waiting") > 0);
  }
}
