package io.sessiongate.aggregation;

import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.testing.Await;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * aggregation.task-expiry-seconds: an ended task is readable that long, then it is gone, and the sweep (the
 * aggregation.tasks duty) deletes its rows from PostgreSQL.
 */
class FleetTaskExpiryTest extends GatewayPerTestClass {
  private String pgUri;

  @Override
  protected TestGateway startGateway() {
    pgUri = PostgresServer.shared().newDatabase("fleet_task_expiry");
    return TestGateway.onPostgres("fleet_task_expiry", Map.of("pg.uri", pgUri, "aggregation.task-expiry-seconds", "1",
      "aggregation.task-lease-seconds", "1"));
  }

  private long rowsOf(String id) {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(Storage.connectOptions(PgUri.parse(pgUri))).using(vertx).build();
    try {
      return await(pool.preparedQuery("SELECT count(*) FROM fleet_tasks WHERE id = $1").execute(Tuple.of(id)))
        .iterator().next().getLong(0);
    } finally {
      await(pool.close());
      await(vertx.close());
    }
  }

  private HttpResponse<Buffer> get(String uri) {
    return gateway().send(gateway().request(HttpMethod.GET, uri).bearerTokenAuthentication(gateway().adminToken()));
  }

  @Test
  void anEndedTaskIsGoneOnceItsExpiryHasPassed() throws Exception {
    HttpResponse<Buffer> accepted = gateway().send(gateway().request(HttpMethod.POST,
        "/redfish/v1/AggregationService/Actions/AggregationService.Reset")
      .bearerTokenAuthentication(gateway().adminToken()), new JsonObject()
      .put("TargetURIs", new JsonArray().add("/redfish/v1/Systems/nobody_1")).put("ResetType", "ForceRestart"));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    String monitor = accepted.getHeader("Location");
    String task = monitor.replace("/TaskMonitors/", "/Tasks/");
    Await.until("the task ended", Duration.ofSeconds(5), () -> get(monitor).statusCode() != 202);
    HttpResponse<Buffer> seen = get(monitor);
    assertEquals(200, seen.statusCode(), seen.bodyAsString());
    long seenEndedAt = System.currentTimeMillis();
    HttpResponse<Buffer> ended = get(task);
    assertEquals(200, ended.statusCode(), "readable right after it ended");
    // Expiry counts from the task's own EndTime: the moment this poll saw it end may be much later on a busy machine.
    long endedAt = java.time.Instant.parse(ended.bodyAsJsonObject().getString("EndTime")).toEpochMilli();
    assertTrue(get("/redfish/v1/TaskService/Tasks").bodyAsString().contains(task));
    Await.until("the task expired", Duration.ofMillis(seenEndedAt + 4_000 - System.currentTimeMillis()),
      () -> get(task).statusCode() != 200);
    long goneAfter = System.currentTimeMillis() - endedAt;
    assertTrue(goneAfter >= 1000, "expired early: " + goneAfter + " ms after its EndTime");
    assertEquals(404, get(task).statusCode());
    assertEquals(404, get(monitor).statusCode());
    assertTrue(!get("/redfish/v1/TaskService/Tasks").bodyAsString().contains(task), "listed no longer");
    String id = task.substring(task.lastIndexOf('/') + 1);
    Await.until("the sweep deleted the task", Duration.ofMillis(seenEndedAt + 5_000 - System.currentTimeMillis()),
      () -> rowsOf(id) == 0);
  }
}
