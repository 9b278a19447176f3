package io.sessiongate.aggregation;

import io.sessiongate.aggregation.FleetTaskStore.Owner;
import io.sessiongate.aggregation.FleetTaskStore.Plan;
import io.sessiongate.core.config.GatewayConfig.PgUri;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.testing.PostgresServer;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresAggregationTest extends AggregationContract {
  private String pgUri;

  @Override
  protected TestGateway startGateway() {
    pgUri = PostgresServer.shared().newDatabase("aggregation");
    // A short lease, so that the take-over below happens within a second or so.
    return TestGateway.onPostgres("aggregation", Map.of("pg.uri", pgUri, "aggregation.task-lease-seconds", "1"));
  }

  /**
   * A task another node was running when it died (its lease ran out): the target of its batch under way is marked,
   * not reset twice, and the targets it had not sent are reset by this node.
   */
  @Test
  void aTaskWhoseNodeDiedIsTakenOverAndItsUnsentTargetsReset() throws Exception {
    List<Integer> ports = takenOver("takeover", FleetTaskKind.RESET, "ForceOff", "resets");
    for (int i = 1; i < 3; i++) {
      assertEquals("ForceOff", simStats(ports.get(i)).getJsonArray("resets").getJsonObject(0).getString("ResetType"));
    }
  }

  /** The same take-over for a task of the other kind: the new node sends the task's own action. */
  @Test
  void aDefaultBootOrderTaskWhoseNodeDiedIsTakenOverWithItsKind() throws Exception {
    List<Integer> ports = takenOver("bootover", FleetTaskKind.SET_DEFAULT_BOOT_ORDER, null, "defaultBootOrders");
    for (int port : ports) {
      assertEquals(0, simStats(port).getJsonArray("resets").size(), "not a reset");
    }
  }

  /**
   * A task of {@code kind} over three systems, left by a dead runner after it sent the first and before it recorded
   * its outcome, completed by this gateway: the first marked and not sent again, the others sent once (each BMC's
   * {@code stat} counts them). The three BMCs' ports.
   */
  private List<Integer> takenOver(String prefix, FleetTaskKind kind, String resetType, String stat) throws Exception {
    List<Integer> ports = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports.add(startBmc());
      register(prefix + "-" + i, ports.get(i), "t-" + prefix);
      targets.add("/redfish/v1/Systems/" + prefix + "-" + i + "_1");
    }
    String operator = userOf("agg-user-" + prefix, "t-" + prefix);
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(Storage.connectOptions(PgUri.parse(pgUri))).using(vertx).build();
    try {
      FleetTaskStore store = new FleetTaskStore.Pg(pool);
      Plan plan = new Plan(UUID.randomUUID().toString(), new Owner("agg-user-" + prefix, "t-" + prefix, false),
        kind.stored, kind, resetType, targets, 1, 0, System.currentTimeMillis());
      // The dead node had sent the first batch (target 0) and died before recording its outcome.
      assertTrue(await(store.insert(plan, "dead-node", 0, 1_000, 0)));
      assertTrue(await(store.advance(plan.id(), "dead-node", 1, 0)));

      JsonObject task = awaitTask("/redfish/v1/TaskService/TaskMonitors/" + plan.id(), operator);
      assertEquals("Completed", task.getString("TaskState"), task.encode());
      assertEquals("Critical", task.getString("TaskStatus"), task.encode());
      List<JsonObject> messages = task.getJsonArray("Messages").stream().map(JsonObject.class::cast).toList();
      assertEquals(List.of("Base.1.18.GeneralError", "Base.1.18.Success", "Base.1.18.Success"),
        messages.stream().map(m -> m.getString("MessageId")).toList(), task.encode());
      assertTrue(messages.get(0).getString("Resolution").contains("not sent again"), messages.get(0).encode());
      assertEquals(0, simStats(ports.get(0)).getJsonArray(stat).size(), "the target under way is not sent it twice");
      for (int i = 1; i < 3; i++) {
        assertEquals(1, simStats(ports.get(i)).getJsonArray(stat).size(), "bmc " + i);
      }
      assertTrue(!"dead-node".equals(await(store.find(plan.id())).runner()), "this node runs it now");
      return ports;
    } finally {
      await(pool.close());
      await(vertx.close());
    }
  }
}
