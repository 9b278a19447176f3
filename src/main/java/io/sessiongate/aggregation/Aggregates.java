package io.sessiongate.aggregation;

import io.sessiongate.aggregation.AggregateStore.Aggregate;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.deviceproxy.registry.Device;
import io.sessiongate.deviceproxy.registry.DeviceRegistry;
import io.sessiongate.redfish.BaseMessage;
import io.sessiongate.redfish.RedfishFleetDocuments;
import io.sessiongate.redfish.RedfishFleetDocuments.FleetResource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * DSP0268 Aggregates: named sets of fleet members (members of the merged Systems, Managers, Chassis), a tenant's.
 * A caller sees its tenant's aggregates (an admin every one), and may put in one only members it may see; another
 * tenant's aggregate is 404, as an unknown one. Aggregate.Reset is AggregationService.Reset over its systems.
 */
final class Aggregates {
  static final String AGGREGATES = AggregationSources.SERVICE + "/Aggregates";

  private final AggregateStore store;
  private final DeviceRegistry registry;
  private final FleetVisibility visibility;
  private final FleetTasks tasks;

  Aggregates(AggregateStore store, DeviceRegistry registry, FleetVisibility visibility, FleetTasks tasks) {
    this.store = store;
    this.registry = registry;
    this.visibility = visibility;
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
        caller.login(), valid, System.currentTimeMillis());
      return store.insert(aggregate).map(done -> resource(aggregate));
    });
  }

  Future<Void> delete(String id, Principal caller) {
    return writable(id, caller).compose(aggregate -> store.delete(id)).mapEmpty();
  }

  /** Aggregate.AddElements: the new ones are appended, those already in it stay where they are. */
  Future<Void> addElements(String id, JsonObject body, Principal caller) {
    List<String> added = links(body.getJsonArray("Elements"));
    return writable(id, caller).compose(aggregate -> validated(added, caller).compose(valid -> {
      Set<String> elements = new LinkedHashSet<>(aggregate.elements());
      elements.addAll(valid);
      return replace(id, new ArrayList<>(elements));
    }));
  }

  /** Aggregate.RemoveElements: an element not in the aggregate is a 400 naming it. */
  Future<Void> removeElements(String id, JsonObject body, Principal caller) {
    List<String> removed = links(body.getJsonArray("Elements"));
    return writable(id, caller).compose(aggregate -> {
      for (int i = 0; i < removed.size(); i++) {
        if (!aggregate.elements().contains(removed.get(i))) {
          return Future.failedFuture(incorrect(i, removed.get(i), removed.get(i) + " is not an element of "
            + uri(id) + "."));
        }
      }
      List<String> kept = new ArrayList<>(aggregate.elements());
      kept.removeAll(removed);
      return replace(id, kept);
    });
  }

  /**
   * Aggregate.Reset: the task of AggregationService.Reset over the aggregate's systems (its managers and chassis
   * are not reset); the task id. An aggregate of no systems is a task that ends at once with no messages.
   */
  Future<String> reset(String id, JsonObject body, Principal caller) {
    return visible(id, caller).compose(aggregate -> {
      JsonArray systems = new JsonArray(aggregate.elements().stream()
        .filter(element -> element.startsWith("/redfish/v1/Systems/")).toList());
      return tasks.reset(body.copy().put("TargetURIs", systems), caller);
    });
  }

  private Future<Void> replace(String id, List<String> elements) {
    return store.replaceElements(id, elements).compose(found -> found ? Future.succeededFuture()
      : Future.failedFuture(notFound(id)));
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
          .filter(d -> d.mode() == Device.Mode.POOLED && visibility.sees(caller, d));
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
    for (String action : List.of("AddElements", "RemoveElements", "Reset")) {
      actions.put("#Aggregate." + action, new JsonObject().put("target", uri + "/Actions/Aggregate." + action));
    }
    actions.getJsonObject("#Aggregate.Reset").put("ResetType@Redfish.AllowableValues",
      new JsonArray(AggregationSources.RESET_TYPES));
    return RedfishFleetDocuments.resource(FleetResource.AGGREGATE, uri)
      .put("Id", aggregate.id())
      .put("Name", aggregate.name())
      .put("Elements", new JsonArray(aggregate.elements().stream()
        .map(element -> new JsonObject().put("@odata.id", element)).toList()))
      .put("ElementsCount", aggregate.elements().size())
      .put("Actions", actions);
  }
}
