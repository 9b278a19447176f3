package io.sessiongate.aggregation;

import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.fleet.Device;
import io.sessiongate.core.fleet.PooledForwarding;
import io.sessiongate.core.fleet.DeviceDirectory;
import io.sessiongate.core.redfish.RedfishFleet;
import io.sessiongate.core.redfish.RedfishFleetDocuments;
import io.sessiongate.core.redfish.RedfishFleetDocuments.FleetResource;
import io.sessiongate.core.redfish.RedfishFleetDocuments.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch actions as Redfish tasks: AggregationService.Reset, Aggregate.Reset and Aggregate.SetDefaultBootOrder send
 * their {@link FleetTaskKind}'s BMC action to their targets {@code BatchSize} at a time, waiting
 * {@code DelayBetweenBatchesInSeconds} between batches, each through the device proxy (a lent BMC session, the
 * device's breaker, bulkhead and timeout); the task shows one message per target.
 * <p>Tasks live in the {@link FleetTaskStore}, written as they progress, so any node answers for them; an ended task
 * is kept {@code aggregation.task-expiry-seconds}. The node running a task holds a lease on it, renewed while it
 * runs; the node holding the {@code aggregation.tasks} duty deletes expired tasks and takes over the tasks whose
 * lease ran out (their node died): targets never sent are reset then, and a target whose batch was under way
 * when the node died is marked, not reset twice (docs/aggregation.md, "Tasks").
 */
final class FleetTasks {
  private static final Logger LOG = LoggerFactory.getLogger(FleetTasks.class);
  static final String TASK_SERVICE = "/redfish/v1/TaskService";
  static final String TASKS = TASK_SERVICE + "/Tasks";
  static final String MONITORS = TASK_SERVICE + "/TaskMonitors";
  /** The duty of one node of the cluster: the expiry sweep and the take-over of abandoned tasks. */
  static final String DUTY = "aggregation.tasks";
  private static final int MAX_TASKS = 1_000;
  /** A batch whose start could not be written is tried again this much later (the store was briefly away). */
  private static final long RETRY_MILLIS = 1_000;

  private final Vertx vertx;
  private final DeviceDirectory registry;
  private final PooledForwarding proxy;
  private final FleetTaskStore store;
  private final FleetTaskSettings settings;
  private final Clock clock;
  /** This node's name as a task's runner: a new one each start, so a restarted node does not renew the old leases. */
  private final String runner = UUID.randomUUID().toString();
  /** The tasks this node runs, for the lease renewal. */
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private long renewal = -1;

  FleetTasks(Vertx vertx, DeviceDirectory registry, PooledForwarding proxy,
             FleetTaskStore store, FleetTaskSettings settings, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.registry = registry;
    this.proxy = proxy;
    this.store = store;
    this.settings = settings;
  }

  static JsonObject service() {
    return RedfishFleetDocuments.resource(FleetResource.TASK_SERVICE, TASK_SERVICE)
      .put("Id", "TaskService")
      .put("Name", "Task Service")
      .put("ServiceEnabled", true)
      .put("CompletedTaskOverWritePolicy", "Oldest")
      .put("LifeCycleEventOnTaskStateChange", false)
      .put("Tasks", new JsonObject().put("@odata.id", TASKS));
  }

  /** AggregationService.Reset: its TargetURIs reset with its ResetType, in its batches; the task id. */
  Future<String> reset(JsonObject body, Principal caller) {
    List<String> targets = body.getJsonArray("TargetURIs").stream().map(String.class::cast).toList();
    String resetType = body.getString("ResetType");
    return start(FleetTaskKind.RESET, "AggregationService.Reset " + resetType, resetType, targets, body, caller);
  }

  /** Aggregate.SetDefaultBootOrder: each target's default boot order restored, in the body's batches; the task id. */
  Future<String> setDefaultBootOrder(List<String> targets, JsonObject body, Principal caller) {
    return start(FleetTaskKind.SET_DEFAULT_BOOT_ORDER, "Aggregate.SetDefaultBootOrder", null, targets, body, caller);
  }

  /** A task of {@code kind} over {@code targets}, in batches as the body's BatchSize and DelayBetweenBatchesInSeconds. */
  private Future<String> start(FleetTaskKind kind, String name, String resetType, List<String> targets, JsonObject body,
                               Principal caller) {
    if (caller == null || !(caller.isAdmin() || caller.hasRole("operator"))) {
      return Future.failedFuture(ApiError.forbidden(kind.doing + " needs the admin or operator role."));
    }
    List<String> distinct = targets.stream().distinct().toList();
    int batchSize = body.getInteger("BatchSize", Math.max(1, distinct.size()));
    int delaySeconds = body.getInteger("DelayBetweenBatchesInSeconds", 0);
    long now = clock.millis();
    FleetTaskStore.Plan plan = new FleetTaskStore.Plan(UUID.randomUUID().toString(),
      new FleetTaskStore.Owner(caller.login(), caller.tenant(), caller.isAdmin()), name, kind, resetType, distinct,
      batchSize, delaySeconds, now);
    return store.insert(plan, runner, now + settings.leaseMillis(), MAX_TASKS, now - settings.expiryMillis())
      .compose(inserted -> {
        if (!inserted) {
          return Future.failedFuture(ApiError.unavailable("The gateway holds " + MAX_TASKS + " tasks; retry once some "
            + "have ended and expired.", 60));
        }
        // Which node runs a task, for whoever follows it up to a take-over (logged by the node taking it over).
        LOG.info("running task {} ({} targets) on this node", plan.id(), plan.targets().size());
        run(plan, caller, 0);
        return Future.succeededFuture(plan.id());
      });
  }

  /** The duty's run: deletes the expired tasks, then takes over those whose runner stopped renewing its lease. */
  Future<Void> sweep() {
    long now = clock.millis();
    return store.deleteEndedBefore(now - settings.expiryMillis())
      .compose(deleted -> store.claimAbandoned(runner, now, now + settings.leaseMillis()))
      .compose(claimed -> Future.all(claimed.stream().map(this::resume).toList()))
      .mapEmpty();
  }

  /**
   * Continues a task another node ran: a target of a batch that was sent but has no outcome may or may not have been
   * reset (its node died meanwhile), so it is marked rather than reset twice; the batches not yet sent run here.
   */
  private Future<Void> resume(FleetTaskStore.StoredTask task) {
    FleetTaskStore.Plan plan = task.plan();
    // The claimed task names this node as its runner already: the dead one is not known here.
    LOG.info("taking over task {} ({} of {} targets sent): the lease of the node running it ran out", plan.id(),
      task.nextPosition(), plan.targets().size());
    Set<Integer> done = new HashSet<>();
    task.outcomes().forEach(outcome -> done.add(outcome.position()));
    List<Future<Void>> marked = new ArrayList<>();
    for (int position = 0; position < task.nextPosition(); position++) {
      if (!done.contains(position)) {
        String target = plan.targets().get(position);
        marked.add(store.record(plan.id(), new FleetTaskStore.Outcome(position, true,
          RedfishFleetDocuments.targetMessage(Outcome.REFUSED, target, "The gateway node running this task stopped "
            + "while the " + plan.kind().bmcAction + " of " + target + " was under way; whether the BMC received it "
            + "is not known, so it was not sent again."))));
      }
    }
    FleetTaskStore.Owner owner = plan.owner();
    Principal caller = new Principal(owner.login(), owner.tenant(),
      owner.admin() ? Set.of(Principal.ADMIN_ROLE) : Set.of("operator"), Set.of(), null, 0, 0);
    return Future.all(marked).onSuccess(v -> run(plan, caller, task.nextPosition())).mapEmpty();
  }

  private void run(FleetTaskStore.Plan plan, Principal caller, int from) {
    running.add(plan.id());
    renewLeases();
    runBatch(plan, caller, from);
  }

  /** While this node runs tasks, renews their leases every third of the lease. */
  private synchronized void renewLeases() {
    if (renewal >= 0) {
      return;
    }
    renewal = vertx.setPeriodic(Math.max(100, settings.leaseMillis() / 3), id -> {
      synchronized (this) {
        if (running.isEmpty()) {
          vertx.cancelTimer(id);
          renewal = -1;
          return;
        }
      }
      store.renew(runner, clock.millis() + settings.leaseMillis())
        .onFailure(err -> LOG.warn("could not renew the lease of this node's tasks: {}", err.getMessage()));
    });
  }

  private void runBatch(FleetTaskStore.Plan plan, Principal caller, int from) {
    List<String> targets = plan.targets();
    if (from >= targets.size()) {
      store.finish(plan.id(), clock.millis())
        .onFailure(err -> LOG.warn("could not record the end of task {}; it is taken over after its lease: {}",
          plan.id(), err.getMessage()))
        .onComplete(done -> running.remove(plan.id()));
      return;
    }
    int next = Math.min(targets.size(), from + plan.batchSize());
    // The batch is written as sent before it is: a node taking over then never resets a target twice.
    store.advance(plan.id(), runner, next, clock.millis() + settings.leaseMillis()).onComplete(advanced -> {
      if (advanced.failed()) {
        LOG.warn("could not record the start of a batch of task {}; trying again: {}", plan.id(),
          advanced.cause().getMessage());
        vertx.setTimer(RETRY_MILLIS, id -> runBatch(plan, caller, from));
        return;
      }
      if (!advanced.result()) {
        LOG.info("task {} is no longer run by this node", plan.id());
        running.remove(plan.id());
        return;
      }
      List<Future<Void>> batch = new ArrayList<>();
      for (int position = from; position < next; position++) {
        int at = position;
        batch.add(actOn(plan, targets.get(at), caller)
          .compose(outcome -> store.record(plan.id(), new FleetTaskStore.Outcome(at, outcome.failed(), outcome.message())))
          .onFailure(err -> LOG.warn("could not record the outcome of target {} of task {}: {}", at, plan.id(),
            err.getMessage())));
      }
      // Future.join waits for every target of the batch, whichever failed to be recorded.
      Future.join(batch).onComplete(done -> {
        if (next >= targets.size()) {
          runBatch(plan, caller, next);
        } else {
          vertx.setTimer(Math.max(1, plan.delaySeconds() * 1000L), id -> runBatch(plan, caller, next));
        }
      });
    });
  }

  /** A target's message, and whether it failed. */
  private record TargetOutcome(boolean failed, JsonObject message) {
    static TargetOutcome of(Outcome outcome, String target, String detail) {
      return new TargetOutcome(outcome != Outcome.DONE, RedfishFleetDocuments.targetMessage(outcome, target, detail));
    }
  }

  /** The plan's BMC action sent to one target, through the device proxy, audited; the target's outcome. */
  private Future<TargetOutcome> actOn(FleetTaskStore.Plan plan, String target, Principal caller) {
    Optional<MemberUris.Target> member = MemberUris.target(target)
      .filter(t -> target.startsWith("/redfish/v1/Systems/") && t.bmcPath().indexOf('/', "/redfish/v1/Systems/".length()) < 0);
    if (member.isEmpty()) {
      return Future.succeededFuture(TargetOutcome.of(Outcome.NOT_FOUND, target, target + " is not a system of the "
        + "fleet (/redfish/v1/Systems/{deviceId}_{memberId})."));
    }
    String deviceId = member.get().deviceId();
    String action = member.get().bmcPath() + "/Actions/" + plan.kind().bmcAction;
    return registry.find(deviceId).compose(device -> {
      if (device == null || device.mode() != Device.Mode.POOLED || !device.visibleTo(caller)) {
        return Future.succeededFuture(TargetOutcome.of(Outcome.NOT_FOUND, target,
          ApiError.notFoundAt(target).getMessage()));
      }
      long started = System.nanoTime();
      return proxy.callPooled(deviceId, HttpMethod.POST, action, plan.kind().bmcRequest(plan))
        .andThen(done -> AuditLog.of(vertx).batchRequest(caller, plan.id(), deviceId, HttpMethod.POST, action,
          done.succeeded() ? done.result().status() : null, (System.nanoTime() - started) / 1_000_000))
        .map(answer -> answer.status() / 100 == 2
          ? TargetOutcome.of(Outcome.DONE, target, "The request completed successfully: " + target + " (device "
            + deviceId + ") " + plan.kind().accepted(plan) + ".")
          : TargetOutcome.of(Outcome.REFUSED, target, "Device " + deviceId + " answered " + answer.status()
            + " to the " + plan.kind().bmcAction + " of " + target + ": " + bmcMessage(answer.body())))
        .recover(err -> Future.succeededFuture(TargetOutcome.of(Outcome.UNREACHABLE, target, "The service failed to "
          + "establish a connection with the URI '" + target + "'. "
          + ApiError.from(err, plan.kind().bmcAction + " of " + deviceId).getMessage())));
    }, err -> Future.succeededFuture(TargetOutcome.of(Outcome.UNREACHABLE, target, "The gateway could not read the "
      + "registration of device " + deviceId + ": " + err.getMessage())));
  }

  /** The BMC's own error message when its answer is a Redfish error, else its status alone. */
  private static String bmcMessage(io.vertx.core.buffer.Buffer body) {
    try {
      JsonObject error = new JsonObject(body).getJsonObject("error");
      return error == null ? "(no Redfish error)" : error.getString("code", "") + " " + error.getString("message", "");
    } catch (RuntimeException notJson) {
      return "(not JSON)";
    }
  }

  Future<JsonObject> list(Principal caller) {
    long keptSince = clock.millis() - settings.expiryMillis();
    return store.list().map(tasks -> RedfishFleetDocuments.taskCollection(new JsonArray(tasks.stream()
      .filter(task -> kept(task, keptSince) && mayWatch(caller, task.plan()))
      .map(task -> new JsonObject().put("@odata.id", TASKS + "/" + task.plan().id())).toList())));
  }

  Future<JsonObject> get(String id, Principal caller) {
    return find(id, caller, TASKS).map(FleetTasks::toJson);
  }

  Future<RedfishFleet.Monitored> monitor(String id, Principal caller) {
    return find(id, caller, MONITORS).map(task -> new RedfishFleet.Monitored(task.ended(), toJson(task)));
  }

  private Future<FleetTaskStore.StoredTask> find(String id, Principal caller, String under) {
    long keptSince = clock.millis() - settings.expiryMillis();
    return store.find(id).compose(task -> task == null || !kept(task, keptSince) || !mayWatch(caller, task.plan())
      ? Future.failedFuture(ApiError.notFoundAt(under + "/" + id))
      : Future.succeededFuture(task));
  }

  /** An expired task not swept yet is gone already. */
  private static boolean kept(FleetTaskStore.StoredTask task, long keptSince) {
    return !task.ended() || task.endTime() >= keptSince;
  }

  private static JsonObject toJson(FleetTaskStore.StoredTask task) {
    FleetTaskStore.Plan plan = task.plan();
    int targets = plan.targets().size();
    boolean failedAny = task.outcomes().stream().anyMatch(FleetTaskStore.Outcome::failed);
    return RedfishFleetDocuments.resource(FleetResource.TASK, TASKS + "/" + plan.id())
      .put("Id", plan.id())
      .put("Name", plan.name())
      .put("TaskState", task.ended() ? "Completed" : "Running")
      .put("TaskStatus", failedAny ? "Critical" : "OK")
      .put("PercentComplete", targets == 0 ? 100 : task.outcomes().size() * 100 / targets)
      .put("StartTime", Instant.ofEpochMilli(plan.startTime()).toString())
      .put("EndTime", task.ended() ? Instant.ofEpochMilli(task.endTime()).toString() : null)
      .put("TaskMonitor", MONITORS + "/" + plan.id())
      .put("Messages", new JsonArray(task.outcomes().stream().map(FleetTaskStore.Outcome::message).toList()));
  }

  /** A task is its starter's (and the admins'). */
  private static boolean mayWatch(Principal caller, FleetTaskStore.Plan plan) {
    return caller != null && (caller.isAdmin() || caller.login().equals(plan.owner().login()));
  }
}
