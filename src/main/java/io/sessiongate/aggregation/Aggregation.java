package io.sessiongate.aggregation;

import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.http.ErrorResponder;
import io.sessiongate.core.http.StreamingRoutes;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.fleet.FleetAdministration;
import io.sessiongate.core.fleet.PooledForwarding;
import io.sessiongate.core.fleet.DeviceDirectory;
import io.sessiongate.core.redfish.RedfishFleet;
import io.sessiongate.core.redfish.RedfishFleetDocuments;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * The Redfish aggregation (docs/aggregation.md): the merged collections the gateway's Redfish root serves, and the
 * routes forwarding everything below their members to the BMCs, over the device registry and the device proxy. A
 * caller sees the devices {@link io.sessiongate.core.fleet.Device#visibleTo} lets it see, the device proxy's rule too.
 */
public final class Aggregation {
  private final FleetCollections collections;
  private final AggregationSources sources;
  private final FleetTasks tasks;
  private final Aggregates aggregates;
  private final FleetTaskSettings taskSettings;
  private final AggregatedMemberRoutes memberRoutes;

  public Aggregation(Vertx vertx, Authenticator authenticator, DeviceDirectory registry,
                     FleetAdministration administration, PooledForwarding proxy, ErrorFormat errors, ErrorResponder responder,
                     Storage storage, GatewayConfig config) {
    this.collections = new FleetCollections(vertx, registry, proxy);
    this.sources = new AggregationSources(vertx, registry, administration);
    this.taskSettings = FleetTaskSettings.from(config);
    this.tasks = new FleetTasks(vertx, registry, proxy, FleetTaskStore.create(storage), taskSettings,
      config.clock());
    this.aggregates = new Aggregates(AggregateStore.create(storage), registry, tasks);
    this.memberRoutes = new AggregatedMemberRoutes(authenticator, proxy, errors, responder);
  }

  /** For the Redfish slice: the merged collections (Systems, Managers, Chassis…) and the AggregationService. */
  public RedfishFleet fleet() {
    return new RedfishFleet() {
      @Override
      public void onMemberRequest(java.util.function.Consumer<Principal> use) {
        memberRoutes.onRequest(use);
      }

      @Override
      public Future<JsonObject> collection(RedfishFleetDocuments.Merged merged, Principal caller) {
        return collections.merged(merged, caller);
      }

      @Override
      public JsonObject aggregationService() {
        return AggregationSources.service();
      }

      @Override
      public Future<JsonObject> sources(Principal caller) {
        return sources.list(caller);
      }

      @Override
      public Future<JsonObject> source(String id, Principal caller) {
        return sources.get(id, caller);
      }

      @Override
      public Future<JsonObject> createSource(JsonObject body, Principal caller) {
        return sources.create(body, caller);
      }

      @Override
      public Future<Void> deleteSource(String id, Principal caller) {
        return sources.delete(id, caller);
      }

      @Override
      public Future<String> reset(JsonObject body, Principal caller) {
        return tasks.reset(body, caller);
      }

      @Override
      public Future<JsonObject> aggregates(Principal caller) {
        return aggregates.list(caller);
      }

      @Override
      public Future<JsonObject> aggregate(String id, Principal caller) {
        return aggregates.get(id, caller);
      }

      @Override
      public Future<JsonObject> createAggregate(JsonObject body, Principal caller) {
        return aggregates.create(body, caller);
      }

      @Override
      public Future<Void> deleteAggregate(String id, String ifMatch, Principal caller) {
        return aggregates.delete(id, ifMatch, caller);
      }

      @Override
      public Future<Void> changeAggregateElements(String id, boolean adding, JsonObject body, String ifMatch,
                                                  Principal caller) {
        return adding ? aggregates.addElements(id, body, ifMatch, caller)
          : aggregates.removeElements(id, body, ifMatch, caller);
      }

      @Override
      public Future<String> resetAggregate(String id, JsonObject body, String ifMatch, Principal caller) {
        return aggregates.reset(id, body, ifMatch, caller);
      }

      @Override
      public Future<String> setAggregateDefaultBootOrder(String id, JsonObject body, String ifMatch, Principal caller) {
        return aggregates.setDefaultBootOrder(id, body, ifMatch, caller);
      }

      @Override
      public JsonObject taskService() {
        return FleetTasks.service();
      }

      @Override
      public Future<JsonObject> tasks(Principal caller) {
        return tasks.list(caller);
      }

      @Override
      public Future<JsonObject> task(String id, Principal caller) {
        return tasks.get(id, caller);
      }

      @Override
      public Future<Monitored> monitor(String id, Principal caller) {
        return tasks.monitor(id, caller);
      }

      @Override
      public JsonObject connectionMethods() {
        return AggregationSources.connectionMethods();
      }

      @Override
      public Optional<JsonObject> connectionMethod(String id) {
        return AggregationSources.connectionMethod(id);
      }
    };
  }

  /** Deployed once per node: the sweep of the tasks and the take-over of those whose node died. */
  public Deployable taskVerticle() {
    return new FleetTaskVerticle(tasks, taskSettings);
  }

  /** Mounted with the device proxy, before the router reads bodies. */
  public StreamingRoutes memberRoutes() {
    return memberRoutes;
  }
}
