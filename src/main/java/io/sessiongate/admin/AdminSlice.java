package io.sessiongate.admin;

import io.sessiongate.core.fleet.FleetAdministration;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.slice.ContractSlice;
import io.sessiongate.core.slice.SliceContext;

import java.util.List;

/** The gateway's own API: users over the identity core, devices over the device proxy's administration port. */
public final class AdminSlice extends ContractSlice {
  @Override
  protected List<ApiSlice> build(SliceContext context) {
    return List.of(new AdminApi(context.identity(), context.port(FleetAdministration.class)));
  }
}
