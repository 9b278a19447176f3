package io.sessiongate.redfish;

import io.sessiongate.core.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The merged collections of the fleet (Systems, Managers, Chassis) the gateway's Redfish root serves: built by the
 * aggregation ({@code io.sessiongate.aggregation}) from the devices the caller may see.
 */
public interface RedfishFleet {
  /** A gateway without devices: every merged collection is empty. */
  RedfishFleet NONE = (name, caller) -> Future.succeededFuture(
    RedfishFleetDocuments.collection(name, new JsonArray(), new JsonArray()));

  Future<JsonObject> collection(String name, Principal caller);
}
