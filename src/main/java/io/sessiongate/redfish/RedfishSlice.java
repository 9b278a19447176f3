package io.sessiongate.redfish;

import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.redfish.RedfishFleet;
import io.sessiongate.core.slice.ContractSlice;
import io.sessiongate.core.slice.SliceContext;

import java.util.List;

/** The gateway's Redfish service: sessions, and the fleet behind its root (the aggregation's {@link RedfishFleet}). */
public final class RedfishSlice extends ContractSlice {
  @Override
  protected List<ApiSlice> build(SliceContext context) {
    return List.of(new RedfishApi(context.config(), context.identity(), context.storage(),
      context.port(RedfishFleet.class)));
  }
}
