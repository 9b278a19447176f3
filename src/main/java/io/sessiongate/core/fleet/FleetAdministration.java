package io.sessiongate.core.fleet;

import io.sessiongate.core.auth.Access;
import io.sessiongate.core.http.SliceRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Registering and removing devices, offered by the device proxy: the admin API binds its /admin/devices operations
 * to it, the Redfish aggregation creates and deletes AggregationSources through it.
 */
public interface FleetAdministration {
  /** Binds the /admin/devices operations of the admin contract, each open to {@code adminOnly}. */
  void bind(SliceRoutes routes, Access adminOnly);

  /** Registers a device as POST /admin/devices does (an auto device is probed at once). */
  Future<Device> register(Vertx vertx, JsonObject registration);

  /** Removes a device as DELETE /admin/devices/{id} does. */
  Future<Void> remove(Vertx vertx, String id);
}
