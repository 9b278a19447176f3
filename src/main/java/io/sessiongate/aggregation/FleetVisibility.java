package io.sessiongate.aggregation;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.deviceproxy.registry.Device;

/**
 * Which devices a caller sees in the merged collections and may act on through them: an admin every device, anyone
 * else the devices assigned to its tenant. A device of no tenant is the admins' alone.
 */
final class FleetVisibility {
  boolean sees(Principal caller, Device device) {
    return caller != null && (caller.isAdmin() || device.tenants().contains(caller.tenant()));
  }
}
