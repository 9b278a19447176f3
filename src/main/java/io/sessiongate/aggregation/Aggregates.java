package io.sessiongate.aggregation;

import io.sessiongate.aggregation.AggregateStore.Aggregate;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.fleet.Device;
import io.sessiongate.core.fleet.DeviceDirectory;
import io.sessiongate.core.redfish.BaseMessage;
import io.sessiongate.core.redfish.RedfishFleetDocuments;
import io.sessiongate.core.redfish.RedfishFleetDocuments.FleetResource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * DSP0268 Aggregates: named sets of fleet members (members of the merged Systems, Managers, Chassis), a tenant's.
 * A caller sees its tenant's aggregates (an admin every one), and may put in one only members it may see; another
 * tenant's aggregate is 404, as an unknown one. Aggregate.Reset is AggregationService.Reset over its systems, and
 * Aggregate.SetDefaultBootOrder a task of its own kind over them. A change of the elements is one atomic change in
 * the store, so that two at once both apply; the aggregate's ETag is its version, and If-Match is honoured on the
 * changes, the batch actions and DELETE.
 */
final class Aggregates {
  static final String AGGREGATES = AggregationSources.SERVICE + "/Aggregates";

  private final AggregateStore store;
  private final DeviceDirectory registry;
  private final FleetTasks tasks;

  Aggregates(AggregateStore store, DeviceDirectory registry, FleetTasks tasks) {
    this.store = store;
    this.registry = registry;
    this.tasks = tasks;
  }

  Future<JsonObject> list(Principal caller) {
    return store.list().map(all -> RedfishFleetDocuments.aggregateCollection(new JsonArray(all.stream()
      .filter(aggregate -> sees(caller, aggregate))
      .map(aggregate -> new JsonObject().put("@odata.id", uri(aggregate.id()))).toList())));
  }

  Future<JsonObject> get(String id, Principal caller) {
    return visible(id, caller).map(Aggregates::resource);
  }

  Future<JsonObject> create(JsonObject body, Principal caller) {
    if (caller == null || !(caller.isAdmin() || caller.hasRole("operator"))) {
      return Future.failedFuture(ApiError.forbidden("Creating an aggregate needs the admin or operator role."));
    }
    List<String> elements = links(body.getJsonArray("Elements"));
    return validated(elements, caller).compose(valid -> {
      String id = UUID.randomUUID().toString();
      Aggregate aggregate = new Aggregate(id, body.getString("Name", "Aggregate " + id), tenantOf(caller),
        caller.login(), valid, System.currentTimeMillis(), 0);
      return store.insert(aggregate).map(done -> resource(aggregate));
    });
  }

  /** DELETE, if the aggregate is still as {@code ifMatch} says (null: whatever it is). */
  Future<Void> delete(String id, String ifMatch, Principal caller) {
    return writable(id, caller).compose(aggregate -> store.delete(id, now -> requireMatch(ifMatch, now)))
      .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(notFound(id)));
  }

  /** Aggregate.AddElements: the new ones are appended, those already in it stay where they are. */
  Future<Void> addElements(String id, JsonObject body, String ifMatch, Principal caller) {
    List<String> added = links(body.getJsonArray("Elements"));
    return writable(id, caller).compose(aggregate -> validated(added, caller)).compose(valid -> change(id, now -> {
      requireMatch(ifMatch, now);
      Set<String> elements = new LinkedHashSet<>(now.elements());
      elements.addAll(valid);
      return now.withElements(new ArrayList<>(elements));
    }));
  }

  /** Aggregate.RemoveElements: an element not in the aggregate is a 400 naming it. */
  Future<Void> removeElements(String id, JsonObject body, String ifMatch, Principal caller) {
    List<String> removed = links(body.getJsonArray("Elements"));
    return writable(id, caller).compose(aggregate -> change(id, now -> {
      requireMatch(ifMatch, now);
      for (int i = 0; i < removed.size(); i++) {
        if (!now.elements().contains(removed.get(i))) {
          throw incorrect(i, removed.get(i), removed.get(i) + " is not an element of " + uri(id) + ".");
        }
      }
      List<String> kept = new ArrayList<>(now.elements());
      kept.removeAll(removed);
      return now.withElements(kept);
    }));
  }

  /**
   * Aggregate.Reset: the task of AggregationService.Reset over the aggregate's systems (its managers and chassis
   * are not reset); the task id. An aggregate of no systems is a task that ends at once with no messages.
   */
  Future<String> reset(String id, JsonObject body, String ifMatch, Principal caller) {
    return systems(id, ifMatch, caller).compose(systems -> tasks.reset(body.copy()
      .put("TargetURIs", new JsonArray(systems)), caller));
  }

  /** Aggregate.SetDefaultBootOrder: a task restoring the default boot order of the aggregate's systems; its id. */
  Future<String> setDefaultBootOrder(String id, JsonObject body, String ifMatch, Principal caller) {
    return systems(id, ifMatch, caller).compose(systems -> tasks.setDefaultBootOrder(systems, body, caller));
  }

  /**
   * The aggregate's elements under /redfish/v1/Systems, the targets of its batch actions: those of the version
   * If-Match names, or 412.
   */
  private Future<List<String>> systems(String id, String ifMatch, Principal caller) {
    return visible(id, caller).map(aggregate -> {
      requireMatch(ifMatch, aggregate);
      return aggregate.elements().stream().filter(element -> element.startsWith("/redfish/v1/Systems/")).toList();
    });
  }

  private Future<Void> change(String id, UnaryOperator<Aggregate> change) {
    return store.change(id, change).compose(changed -> changed != null ? Future.succeededFuture()
      : Future.failedFuture(notFound(id)));
  }

  /**
   * DSP0266 If-Match: the request applies only to the aggregate as the client last saw it (its ETag, or any with
   * {@code *}); else 412 PreconditionFailed. Null (no If-Match): whatever it is now.
   */
  private static void requireMatch(String ifMatch, Aggregate now) {
    if (ifMatch == null) {
      return;
    }
    boolean matches = Arrays.stream(ifMatch.split(",")).map(String::trim)
      .anyMatch(tag -> tag.equals("*") || tag.equals(now.etag()));
    if (!matches) {
      throw BaseMessage.PRECONDITION_FAILED.args().on(ApiError.of(ApiError.Reason.PRECONDITION_FAILED,
        "If-Match " + ifMatch + " does not match the ETag of " + uri(now.id()) + ", " + now.etag()
          + ": it has changed since. Read it again and retry with its ETag."));
    }
  }

  private Future<Aggregate> visible(String id, Principal caller) {
    return store.find(id).compose(aggregate -> aggregate == null || !sees(caller, aggregate)
      ? Future.failedFuture(notFound(id)) : Future.succeededFuture(aggregate));
  }

  private Future<Aggregate> writable(String id, Principal caller) {
    if (caller == null || !(caller.isAdmin() || caller.hasRole("operator"))) {
      return Future.failedFuture(ApiError.forbidden("Changing an aggregate needs the admin or operator role."));
    }
    return visible(id, caller);
  }

  private static boolean sees(Principal caller, Aggregate aggregate) {
    return caller != null && (caller.isAdmin() || aggregate.tenant().equals(tenantOf(caller)));
  }

  /** The caller's tenant; a principal of none (not a stored user's) owns the tenant "". */
  private static String tenantOf(Principal caller) {
    return caller.tenant() == null ? "" : caller.tenant();
  }

  /**
   * The elements as given, each checked to be a member (not below one) of a merged collection, of a pooled device
   * the caller may see: else 400 naming the first one that is not. The BMC is not asked whether the member exists
   * (an aggregate may name a member a BMC lists later); a reset of a missing one is that target's task message.
   */
  private Future<List<String>> validated(List<String> elements, Principal caller) {
    return registry.list().compose(devices -> {
      for (int i = 0; i < elements.size(); i++) {
        String element = elements.get(i);
        // A member itself (/redfish/v1/Systems/{deviceId}_{memberId}), not a resource below one.
        Optional<MemberUris.Target> member = MemberUris.target(element)
          .filter(target -> element.split("/", -1).length == 5);
        Optional<Device> device = member.flatMap(target -> devices.stream()
          .filter(d -> d.id().equals(target.deviceId())).findFirst())
          .filter(d -> d.mode() == Device.Mode.POOLED && d.visibleTo(caller));
        if (device.isEmpty()) {
          return Future.failedFuture(incorrect(i, element, element + " is not a member of /redfish/v1/Systems, "
            + "/redfish/v1/Managers or /redfish/v1/Chassis that the caller may see."));
        }
      }
      return Future.succeededFuture(new ArrayList<>(new LinkedHashSet<>(elements)));
    });
  }

  private static ApiError incorrect(int index, String element, String why) {
    return BaseMessage.PROPERTY_VALUE_INCORRECT.args("Elements", element)
      .on(ApiError.invalid(why, "/Elements/" + index));
  }

  /** The URIs of a Redfish link array (the contract has checked its shape). */
  private static List<String> links(JsonArray links) {
    return links.stream().map(link -> ((JsonObject) link).getString("@odata.id")).toList();
  }

  private static String uri(String id) {
    return AGGREGATES + "/" + id;
  }

  private static ApiError notFound(String id) {
    return ApiError.notFoundAt(uri(id));
  }

  private static JsonObject resource(Aggregate aggregate) {
    String uri = uri(aggregate.id());
    JsonObject actions = new JsonObject();
    for (String action : List.of("AddElements", "RemoveElements", "Reset", "SetDefaultBootOrder")) {
      actions.put("#Aggregate." + action, new JsonObject().put("target", uri + "/Actions/Aggregate." + action));
    }
    actions.getJsonObject("#Aggregate.Reset").put("ResetType@Redfish.AllowableValues",
      new JsonArray(AggregationSources.RESET_TYPES));
    return RedfishFleetDocuments.resource(FleetResource.AGGREGATE, uri)
      .put("@odata.etag", aggregate.etag())
      .put("Id", aggregate.id())
      .put("Name", aggregate.name())
      .put("Elements", new JsonArray(aggregate.elements().stream()
        .map(element -> new JsonObject().put("@odata.id", element)).toList()))
      .put("ElementsCount", aggregate.elements().size())
      .put("Actions", actions);
  }
}
