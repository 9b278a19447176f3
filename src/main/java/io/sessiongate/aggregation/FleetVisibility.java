package io.sessiongate.aggregation;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.deviceproxy.registry.Device;

/**
 * Which devices a caller sees in the merged collections and may act on through them: the device's own rule
 * ({@link Device#visibleTo}), the one the device proxy applies to {@code /bmc/{id}/...} too.
 */
final class FleetVisibility {
  boolean sees(Principal caller, Device device) {
    return device.visibleTo(caller);
  }
}
