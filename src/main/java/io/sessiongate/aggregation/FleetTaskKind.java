package io.sessiongate.aggregation;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;

/**
 * What a fleet task does to each of its targets (a ComputerSystem of the fleet): the BMC action and its body. The
 * batches, lease, take-over and expiry are the same for every kind ({@link FleetTasks}).
 */
enum FleetTaskKind {
  /** ComputerSystem.Reset with the plan's ResetType (AggregationService.Reset, Aggregate.Reset). */
  RESET("Reset", "ComputerSystem.Reset", "Resetting systems") {
    @Override
    JsonObject bmcRequest(FleetTaskStore.Plan plan) {
      return new JsonObject().put("ResetType", plan.resetType());
    }

    @Override
    String accepted(FleetTaskStore.Plan plan) {
      return "accepted ResetType " + plan.resetType();
    }
  },
  /** ComputerSystem.SetDefaultBootOrder, no parameters (Aggregate.SetDefaultBootOrder). */
  SET_DEFAULT_BOOT_ORDER("SetDefaultBootOrder", "ComputerSystem.SetDefaultBootOrder",
    "Restoring the default boot order of systems") {
    @Override
    JsonObject bmcRequest(FleetTaskStore.Plan plan) {
      return new JsonObject();
    }

    @Override
    String accepted(FleetTaskStore.Plan plan) {
      return "restored its default boot order";
    }
  };

  /** The kind's name in the store (fleet_tasks.kind). */
  final String stored;
  /** The action sent to each target: {@code {target}/Actions/{bmcAction}}. */
  final String bmcAction;
  /** For the 403: "... needs the admin or operator role". */
  final String doing;

  FleetTaskKind(String stored, String bmcAction, String doing) {
    this.stored = stored;
    this.bmcAction = bmcAction;
    this.doing = doing;
  }

  /** The body of the BMC action sent to each target. */
  abstract JsonObject bmcRequest(FleetTaskStore.Plan plan);

  /** What a target's success message says its BMC did ("... (device d1) accepted ResetType On."). */
  abstract String accepted(FleetTaskStore.Plan plan);

  static FleetTaskKind ofStored(String stored) {
    return Arrays.stream(values()).filter(kind -> kind.stored.equals(stored)).findFirst()
      .orElseThrow(() -> new IllegalStateException("a fleet task of unknown kind " + stored));
  }
}
