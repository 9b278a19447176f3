package io.sessiongate.aggregation;

import io.sessiongate.aggregation.FleetTaskStore.Outcome;
import io.sessiongate.aggregation.FleetTaskStore.Owner;
import io.sessiongate.aggregation.FleetTaskStore.Plan;
import io.sessiongate.aggregation.FleetTaskStore.StoredTask;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aggregation's tasks as the store keeps them while they progress and after; run on both stores. */
abstract class FleetTaskStoreContract {
  abstract FleetTaskStore store();

  private static Plan plan(long startTime, String... targets) {
    return new Plan(UUID.randomUUID().toString(), new Owner("op-1", "t-1", false), "AggregationService.Reset On",
      FleetTaskKind.RESET, "On", List.of(targets), 2, 1, startTime);
  }

  private static Outcome outcome(int position, boolean failed) {
    return new Outcome(position, failed, new JsonObject().put("MessageId", "m" + position).put("failed", failed));
  }

  @Test
  void aTaskIsWrittenAsItProgressesAndEachOutcomeOnce() {
    Plan plan = plan(1_000, "/redfish/v1/Systems/a_1", "/redfish/v1/Systems/b_1", "/redfish/v1/Systems/c_1");
    assertTrue(await(store().insert(plan, "node-a", 5_000, 1_000, 0)));
    StoredTask fresh = await(store().find(plan.id()));
    assertEquals(plan, fresh.plan());
    assertEquals(0, fresh.nextPosition());
    assertFalse(fresh.ended());
    assertEquals("node-a", fresh.runner());
    assertEquals(5_000, fresh.leaseUntil());

    assertTrue(await(store().advance(plan.id(), "node-a", 2, 6_000)));
    await(store().record(plan.id(), outcome(1, true)));
    await(store().record(plan.id(), outcome(0, false)));
    await(store().record(plan.id(), outcome(0, true)));
    StoredTask halfway = await(store().find(plan.id()));
    assertEquals(2, halfway.nextPosition());
    assertEquals(6_000, halfway.leaseUntil());
    assertEquals(List.of(outcome(0, false), outcome(1, true)), halfway.outcomes(),
      "in target order, the first outcome of a target kept");
    assertFalse(await(store().advance(plan.id(), "node-b", 3, 7_000)), "only the runner advances a task");

    await(store().finish(plan.id(), 9_000));
    await(store().finish(plan.id(), 9_500));
    assertEquals(9_000L, await(store().find(plan.id())).endTime());
    assertFalse(await(store().advance(plan.id(), "node-a", 3, 10_000)), "an ended task is not advanced");
    assertNull(await(store().find("no-such-task")));
    await(store().record("no-such-task", outcome(0, false)));
  }

  @Test
  void aTaskKeepsItsKindAndATaskOfNoResetTypeHasNone() {
    Plan bootOrder = new Plan(UUID.randomUUID().toString(), new Owner("op-1", "t-1", true),
      "Aggregate.SetDefaultBootOrder", FleetTaskKind.SET_DEFAULT_BOOT_ORDER, null, List.of("/redfish/v1/Systems/a_1"),
      1, 0, 2_000);
    assertTrue(await(store().insert(bootOrder, "node-a", 5_000, 1_000, 0)));
    assertEquals(bootOrder, await(store().find(bootOrder.id())).plan());
    assertTrue(await(store().list()).stream().anyMatch(task -> task.plan().equals(bootOrder)));
    List<StoredTask> claimed = await(store().claimAbandoned("node-b", 6_000, 9_000));
    assertEquals(FleetTaskKind.SET_DEFAULT_BOOT_ORDER, claimed.stream()
      .filter(task -> task.plan().id().equals(bootOrder.id())).findFirst().orElseThrow().plan().kind(),
      "a node taking a task over sends its kind's action");
  }

  @Test
  void aTaskWhoseLeaseRanOutIsTakenOverByOneNodeAndTheOldRunnerLosesIt() {
    Plan plan = plan(2_000, "/redfish/v1/Systems/a_1", "/redfish/v1/Systems/b_1");
    Plan renewed = plan(2_001, "/redfish/v1/Systems/c_1");
    assertTrue(await(store().insert(plan, "dead-node", 3_000, 1_000, 0)));
    assertTrue(await(store().insert(renewed, "live-node", 3_000, 1_000, 0)));
    await(store().advance(plan.id(), "dead-node", 2, 3_000));
    await(store().record(plan.id(), outcome(0, false)));
    await(store().renew("live-node", 10_000));

    List<StoredTask> claimed = await(store().claimAbandoned("taker", 4_000, 20_000)).stream()
      .filter(t -> t.plan().id().equals(plan.id()) || t.plan().id().equals(renewed.id())).toList();
    assertEquals(1, claimed.size(), "the renewed task stays its runner's");
    StoredTask taken = claimed.get(0);
    assertEquals(plan.id(), taken.plan().id());
    assertEquals("taker", taken.runner());
    assertEquals(2, taken.nextPosition());
    assertEquals(List.of(outcome(0, false)), taken.outcomes());
    assertTrue(await(store().claimAbandoned("other", 4_000, 20_000)).stream()
      .noneMatch(t -> t.plan().id().equals(plan.id())), "one node takes a task over");
    assertFalse(await(store().advance(plan.id(), "dead-node", 2, 30_000)), "the old runner has lost it");
    assertTrue(await(store().advance(plan.id(), "taker", 2, 30_000)));
  }

  @Test
  void endedTasksAreKeptUntilTheirExpiryAndCountAgainstTheLimitUntilThen() {
    Plan old = plan(100, "/redfish/v1/Systems/a_1");
    Plan recent = plan(200, "/redfish/v1/Systems/b_1");
    await(store().deleteEndedBefore(Long.MAX_VALUE));
    int before = await(store().list()).size();
    assertTrue(await(store().insert(old, "n", 1, 1_000, 0)));
    assertTrue(await(store().insert(recent, "n", 1, 1_000, 0)));
    await(store().finish(old.id(), 1_000));
    await(store().finish(recent.id(), 5_000));
    List<String> listed = await(store().list()).stream().map(t -> t.plan().id()).toList();
    assertTrue(listed.indexOf(old.id()) >= 0 && listed.indexOf(old.id()) < listed.indexOf(recent.id()),
      "oldest first: " + listed);

    Plan third = plan(300, "/redfish/v1/Systems/c_1");
    assertFalse(await(store().insert(third, "n", 1, before + 2, 0)), "two kept tasks fill a limit of two");
    assertTrue(await(store().insert(third, "n", 1, before + 2, 2_000)), "an expired one does not count");

    assertEquals(1, await(store().deleteEndedBefore(2_000)));
    assertNull(await(store().find(old.id())));
    assertEquals(recent.id(), await(store().find(recent.id())).plan().id());
    assertEquals(third.id(), await(store().find(third.id())).plan().id(), "a running task is not swept");
  }
}
