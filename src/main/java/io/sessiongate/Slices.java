package io.sessiongate;

import io.sessiongate.admin.AdminSlice;
import io.sessiongate.aggregation.AggregationSlice;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.slice.Slice;
import io.sessiongate.deviceproxy.DeviceProxySlice;
import io.sessiongate.murano.MuranoSlice;
import io.sessiongate.redfish.RedfishSlice;
import io.sessiongate.sessions.SessionsControllerSlice;
import io.sessiongate.symphony.SymphonySlice;

import java.util.List;

/** The slices this gateway is made of: the one place that names them (docs/ARCHITECTURE.md, "Slices"). */
final class Slices {
  private Slices() {
  }

  /**
   * In the order of their ports: a slice comes after those whose ports it takes (the aggregation uses the device
   * proxy's, admin its administration, Redfish the aggregation's fleet). The APIs are served in this order too.
   */
  static List<Slice> all(GatewayConfig config) {
    return List.of(
      new DeviceProxySlice(config),
      new AggregationSlice(),
      new AdminSlice(),
      new SymphonySlice(),
      new SessionsControllerSlice(),
      new MuranoSlice(),
      new RedfishSlice());
  }
}
