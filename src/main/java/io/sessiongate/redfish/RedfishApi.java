package io.sessiongate.redfish;

import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.http.Access;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.ErrorFormat;
import io.sessiongate.core.http.NotServedYet;
import io.sessiongate.core.http.SliceRoutes;

/** Redfish SessionService (DSP0266, seed 003): contract redfish.yaml. */
public final class RedfishApi implements ApiSlice {
  private final Identity identity;
  private final ErrorFormat errors = new RedfishErrorFormat();

  public RedfishApi(GatewayConfig config, Identity identity) {
    this.identity = identity;
  }

  @Override
  public String name() {
    return "redfish";
  }

  @Override
  public String contract() {
    return "openapi/redfish.yaml";
  }

  @Override
  public String mountPath() {
    return "";
  }

  @Override
  public String ownedPrefix() {
    return "/redfish";
  }

  @Override
  public ErrorFormat errorFormat() {
    return errors;
  }

  @Override
  public void bind(SliceRoutes routes) {
    NotServedYet.bindAll(routes, Access.PUBLIC,
      "getRedfishVersions",
      "getServiceRoot",
      "getODataServiceDocument",
      "getMetadata",
      "getSessionService",
      "patchSessionService",
      "listSessions",
      "createSession",
      "createSessionViaMembers",
      "getSession",
      "deleteSession");
  }
}
