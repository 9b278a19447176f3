package io.sessiongate.aggregation;

import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.http.ErrorFormat;
import io.sessiongate.core.http.StreamingRoutes;
import io.sessiongate.deviceproxy.DeviceProxyRoutes;
import io.sessiongate.deviceproxy.DeviceRegistry;
import io.sessiongate.redfish.RedfishFleet;
import io.vertx.core.Vertx;

/**
 * The Redfish aggregation (docs/aggregation.md): the merged collections the gateway's Redfish root serves, and the
 * routes forwarding everything below their members to the BMCs. Both see the fleet through one
 * {@link FleetVisibility}, over the device registry and the device proxy.
 */
public final class Aggregation {
  private final FleetCollections collections;
  private final AggregatedMemberRoutes memberRoutes;

  public Aggregation(Vertx vertx, Authenticator authenticator, DeviceRegistry registry, DeviceProxyRoutes proxy,
                     ErrorFormat errors, int maxBodyBytes) {
    FleetVisibility visibility = new FleetVisibility();
    this.collections = new FleetCollections(vertx, registry, proxy, visibility);
    this.memberRoutes = new AggregatedMemberRoutes(authenticator, proxy, visibility, errors, maxBodyBytes);
  }

  /** For the Redfish slice: /redfish/v1/Systems, Managers, Chassis. */
  public RedfishFleet collections() {
    return collections::merged;
  }

  /** Mounted with the device proxy, before the router reads bodies. */
  public StreamingRoutes memberRoutes() {
    return memberRoutes;
  }
}
