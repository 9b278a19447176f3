package io.sessiongate.redfish;

import io.sessiongate.core.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The fleet behind the gateway's Redfish root, built by the aggregation ({@code io.sessiongate.aggregation}): the
 * merged collections ({@link RedfishFleetDocuments.Merged}) and the AggregationService. The Redfish slice owns the contract
 * and the HTTP; this answers with the resources, for the devices {@code caller} may see. Failures are ApiErrors.
 */
public interface RedfishFleet {
  Future<JsonObject> collection(RedfishFleetDocuments.Merged merged, Principal caller);

  JsonObject aggregationService();

  Future<JsonObject> sources(Principal caller);

  Future<JsonObject> source(String id, Principal caller);

  /** A new AggregationSource (a registered device) from a Redfish POST body. */
  Future<JsonObject> createSource(JsonObject body, Principal caller);

  Future<Void> deleteSource(String id, Principal caller);

  JsonObject connectionMethods();

  /** Empty when there is no such connection method. */
  java.util.Optional<JsonObject> connectionMethod(String id);

  /**
   * AggregationService.Reset: starts a task and answers its id at once; the targets are reset in batches while the
   * caller watches the task.
   */
  Future<String> reset(JsonObject body, Principal caller);

  Future<JsonObject> aggregates(Principal caller);

  Future<JsonObject> aggregate(String id, Principal caller);

  /** A new Aggregate from a Redfish POST body ({@code Name}, {@code Elements}). */
  Future<JsonObject> createAggregate(JsonObject body, Principal caller);

  /** DELETE of an aggregate; {@code ifMatch} the request's If-Match (null without): 412 when it does not match. */
  Future<Void> deleteAggregate(String id, String ifMatch, Principal caller);

  /**
   * Aggregate.AddElements or Aggregate.RemoveElements ({@code adding} false), with the action's body, applied to the
   * aggregate as it is at that moment, if it matches {@code ifMatch} (null: no If-Match).
   */
  Future<Void> changeAggregateElements(String id, boolean adding, JsonObject body, String ifMatch, Principal caller);

  /** Aggregate.Reset: as {@link #reset}, over the aggregate's systems (as of {@code ifMatch}); the task id. */
  Future<String> resetAggregate(String id, JsonObject body, String ifMatch, Principal caller);

  /** Aggregate.SetDefaultBootOrder: a task as {@link #resetAggregate}'s, restoring each system's default boot order. */
  Future<String> setAggregateDefaultBootOrder(String id, JsonObject body, String ifMatch, Principal caller);

  JsonObject taskService();

  Future<JsonObject> tasks(Principal caller);

  Future<JsonObject> task(String id, Principal caller);

  /** A task as its monitor shows it: {@code done} once it is over (the monitor then answers 200, before 202). */
  record Monitored(boolean done, JsonObject task) {
  }

  Future<Monitored> monitor(String id, Principal caller);
}
