package io.sessiongate.aggregation;

import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.http.ApiError;
import io.sessiongate.deviceproxy.Device;
import io.sessiongate.deviceproxy.DeviceProxyRoutes;
import io.sessiongate.deviceproxy.DeviceRegistry;
import io.sessiongate.redfish.RedfishFleet;
import io.sessiongate.redfish.RedfishFleetDocuments;
import io.sessiongate.redfish.RedfishFleetDocuments.FleetResource;
import io.sessiongate.redfish.RedfishFleetDocuments.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch actions as Redfish tasks: AggregationService.Reset resets its targets {@code BatchSize} at a time, waiting
 * {@code DelayBetweenBatchesInSeconds} between batches, each through the device proxy (a lent BMC session, the
 * device's breaker, bulkhead and timeout); its task shows one message per target.
 * <p>Tasks are held by this node, in memory, for {@link #KEPT_MILLIS} after they end: a task does not survive the
 * node's restart and is not seen on other nodes (docs/aggregation.md, "Not built yet").
 */
final class FleetTasks {
  static final String TASK_SERVICE = "/redfish/v1/TaskService";
  static final String TASKS = TASK_SERVICE + "/Tasks";
  static final String MONITORS = TASK_SERVICE + "/TaskMonitors";
  /** How long a finished task stays visible. */
  static final long KEPT_MILLIS = 3_600_000;
  private static final int MAX_TASKS = 1_000;

  private final Vertx vertx;
  private final DeviceRegistry registry;
  private final DeviceProxyRoutes proxy;
  private final FleetVisibility visibility;
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();

  FleetTasks(Vertx vertx, DeviceRegistry registry, DeviceProxyRoutes proxy, FleetVisibility visibility) {
    this.vertx = vertx;
    this.registry = registry;
    this.proxy = proxy;
    this.visibility = visibility;
  }

  /** One task: its targets' messages fill in as they are done. */
  private static final class Task {
    final String id;
    final String name;
    final String owner;
    final int targets;
    final long startTime = System.currentTimeMillis();
    final List<JsonObject> messages = new ArrayList<>();
    volatile long endTime;
    volatile boolean failedAny;

    Task(String id, String name, String owner, int targets) {
      this.id = id;
      this.name = name;
      this.owner = owner;
      this.targets = targets;
    }

    synchronized void add(JsonObject message, boolean failed) {
      messages.add(message);
      failedAny |= failed;
    }

    synchronized JsonObject toJson() {
      boolean done = endTime > 0;
      return RedfishFleetDocuments.resource(FleetResource.TASK, TASKS + "/" + id)
        .put("Id", id)
        .put("Name", name)
        .put("TaskState", done ? "Completed" : "Running")
        .put("TaskStatus", failedAny ? "Critical" : "OK")
        .put("PercentComplete", targets == 0 ? 100 : messages.size() * 100 / targets)
        .put("StartTime", Instant.ofEpochMilli(startTime).toString())
        .put("EndTime", done ? Instant.ofEpochMilli(endTime).toString() : null)
        .put("TaskMonitor", MONITORS + "/" + id)
        .put("Messages", new JsonArray(new ArrayList<>(messages)));
    }
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

  Future<String> reset(JsonObject body, Principal caller) {
    if (caller == null || !(caller.isAdmin() || caller.hasRole("operator"))) {
      return Future.failedFuture(ApiError.forbidden("Resetting systems needs the admin or operator role."));
    }
    List<String> targets = body.getJsonArray("TargetURIs").stream().map(String.class::cast).distinct().toList();
    String resetType = body.getString("ResetType");
    int batchSize = body.getInteger("BatchSize", targets.size());
    int delaySeconds = body.getInteger("DelayBetweenBatchesInSeconds", 0);
    forgetOld();
    if (tasks.size() >= MAX_TASKS) {
      return Future.failedFuture(ApiError.unavailable("The gateway holds " + MAX_TASKS + " tasks; retry once some "
        + "have ended and expired.", 60));
    }
    Task task = new Task(UUID.randomUUID().toString(), "AggregationService.Reset " + resetType, caller.login(),
      targets.size());
    tasks.put(task.id, task);
    runBatch(task, targets, 0, batchSize, delaySeconds, resetType, caller);
    return Future.succeededFuture(task.id);
  }

  private void runBatch(Task task, List<String> targets, int from, int batchSize, int delaySeconds, String resetType,
                        Principal caller) {
    List<String> batch = targets.subList(from, Math.min(targets.size(), from + batchSize));
    // Each target's future succeeds with its message added, so this waits for the whole batch.
    Future.all(batch.stream().map(target -> resetOne(task, target, resetType, caller)).toList()).onComplete(done -> {
      int next = from + batch.size();
      if (next >= targets.size()) {
        task.endTime = System.currentTimeMillis();
        return;
      }
      vertx.setTimer(Math.max(1, delaySeconds * 1000L),
        id -> runBatch(task, targets, next, batchSize, delaySeconds, resetType, caller));
    });
  }

  private Future<Void> resetOne(Task task, String target, String resetType, Principal caller) {
    Optional<MemberUris.Target> member = MemberUris.target(target)
      .filter(t -> target.startsWith("/redfish/v1/Systems/") && t.bmcPath().indexOf('/', "/redfish/v1/Systems/".length()) < 0);
    if (member.isEmpty()) {
      task.add(RedfishFleetDocuments.targetMessage(Outcome.NOT_FOUND, target, target + " is not a system of the "
        + "fleet (/redfish/v1/Systems/{deviceId}_{memberId})."), true);
      return Future.succeededFuture();
    }
    String deviceId = member.get().deviceId();
    String action = member.get().bmcPath() + "/Actions/ComputerSystem.Reset";
    return registry.find(deviceId).compose(device -> {
      if (device == null || device.mode() != Device.Mode.POOLED || !visibility.sees(caller, device)) {
        task.add(RedfishFleetDocuments.targetMessage(Outcome.NOT_FOUND, target, "The resource at the URI " + target
          + " was not found."), true);
        return Future.succeededFuture();
      }
      long started = System.nanoTime();
      return proxy.callPooled(deviceId, HttpMethod.POST, action, new JsonObject().put("ResetType", resetType))
        .andThen(done -> AuditLog.of(vertx).batchRequest(caller, task.id, deviceId, HttpMethod.POST, action,
          done.succeeded() ? done.result().status() : null, (System.nanoTime() - started) / 1_000_000))
        .map(answer -> {
          if (answer.status() / 100 == 2) {
            task.add(RedfishFleetDocuments.targetMessage(Outcome.DONE, target, "The request completed successfully: "
              + target + " (device " + deviceId + ") accepted ResetType " + resetType + "."), false);
          } else {
            task.add(RedfishFleetDocuments.targetMessage(Outcome.REFUSED, target, "Device " + deviceId + " answered "
              + answer.status() + " to the reset of " + target + ": " + bmcMessage(answer.body())), true);
          }
          return (Void) null;
        })
        .recover(err -> {
          task.add(RedfishFleetDocuments.targetMessage(Outcome.UNREACHABLE, target, "The service failed to establish "
            + "a connection with the URI '" + target + "'. " + ApiError.from(err, "reset " + deviceId).getMessage()), true);
          return Future.succeededFuture();
        });
    }, err -> {
      task.add(RedfishFleetDocuments.targetMessage(Outcome.UNREACHABLE, target, "The gateway could not read the "
        + "registration of device " + deviceId + ": " + err.getMessage()), true);
      return Future.succeededFuture();
    });
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
    forgetOld();
    return Future.succeededFuture(RedfishFleetDocuments.taskCollection(new JsonArray(tasks.values().stream()
      .filter(task -> mayWatch(caller, task))
      .sorted(java.util.Comparator.comparingLong(task -> task.startTime))
      .map(task -> new JsonObject().put("@odata.id", TASKS + "/" + task.id)).toList())));
  }

  Future<JsonObject> get(String id, Principal caller) {
    return find(id, caller, TASKS).map(Task::toJson);
  }

  Future<RedfishFleet.Monitored> monitor(String id, Principal caller) {
    return find(id, caller, MONITORS).map(task -> new RedfishFleet.Monitored(task.endTime > 0, task.toJson()));
  }

  private Future<Task> find(String id, Principal caller, String under) {
    Task task = tasks.get(id);
    return task == null || !mayWatch(caller, task)
      ? Future.failedFuture(ApiError.notFound("The resource at the URI " + under + "/" + id + " was not found."))
      : Future.succeededFuture(task);
  }

  /** A task is its starter's (and the admins'). */
  private static boolean mayWatch(Principal caller, Task task) {
    return caller != null && (caller.isAdmin() || caller.login().equals(task.owner));
  }

  private void forgetOld() {
    long now = System.currentTimeMillis();
    tasks.values().removeIf(task -> task.endTime > 0 && now - task.endTime > KEPT_MILLIS);
  }
}
