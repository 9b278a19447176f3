package io.sessiongate.murano;

import io.sessiongate.testing.MigratedDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.sessiongate.testing.Await.await;
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
      Thread.sleep(300);
      assertFalse(added.isComplete(), "the report waits for the finish in flight");
      await(tx.commit());
      assertFalse(await(added), "the deployment has finished by then");
    } finally {
      await(finishing.close());
    }
    assertEquals(List.of("Action deploy is scheduled"),
      await(store.reports(deploymentId)).stream().map(DeploymentReport::text).toList());
  }
}
