package io.sessiongate;

import io.sessiongate.admin.AdminApi;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.deviceproxy.DeviceAdministration;
import io.sessiongate.murano.KeystoneApi;
import io.sessiongate.murano.MuranoApi;
import io.sessiongate.redfish.RedfishApi;
import io.sessiongate.core.redfish.RedfishFleet;
import io.sessiongate.sessions.SessionsControllerApi;
import io.sessiongate.symphony.SymphonyApi;

import java.util.List;

/** The APIs this gateway serves. */
final class Slices {
  private Slices() {
  }

  static List<ApiSlice> all(GatewayConfig config, Storage storage, Identity identity, DeviceAdministration devices,
                              RedfishFleet fleet) {
    return List.of(
      new AdminApi(identity, devices),
      new SymphonyApi(config, identity, storage),
      new SessionsControllerApi(config, storage, identity),
      new MuranoApi(config, identity, storage),
      new KeystoneApi(config, identity),
      new RedfishApi(config, identity, storage, fleet));
  }
}
