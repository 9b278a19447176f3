package io.sessiongate.aggregation;

import io.sessiongate.core.fleet.DeviceDirectory;
import io.sessiongate.core.fleet.FleetAdministration;
import io.sessiongate.core.fleet.PooledForwarding;
import io.sessiongate.core.http.StreamingRoutes;
import io.sessiongate.core.redfish.RedfishErrorFormat;
import io.sessiongate.core.redfish.RedfishFleet;
import io.sessiongate.core.slice.Slice;
import io.sessiongate.core.slice.SliceContext;
import io.sessiongate.core.slice.SliceVerticle;

import java.util.List;

/**
 * The Redfish aggregation over the device proxy's ports: offers the {@link RedfishFleet} the Redfish slice serves at
 * its root, mounts the member routes, and deploys the verticle that holds the batch tasks' cluster duty.
 */
public final class AggregationSlice implements Slice {
  private Aggregation aggregation;

  @Override
  public void mount(SliceContext context) {
    aggregation = new Aggregation(context.vertx(), context.identity().authenticator(),
      context.port(DeviceDirectory.class), context.port(FleetAdministration.class),
      context.port(PooledForwarding.class), new RedfishErrorFormat(), context.errors(), context.storage(),
      context.config());
    context.offer(RedfishFleet.class, aggregation.fleet());
  }

  @Override
  public List<SliceVerticle> verticles() {
    return List.of(SliceVerticle.of(aggregation::taskVerticle));
  }

  @Override
  public List<StreamingRoutes> streamingRoutes() {
    return List.of(aggregation.memberRoutes());
  }
}
