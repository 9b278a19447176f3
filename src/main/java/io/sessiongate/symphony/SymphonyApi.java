package io.sessiongate.symphony;

import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.http.Access;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.ErrorFormat;
import io.sessiongate.core.http.NotServedYet;
import io.sessiongate.core.http.SliceRoutes;

/** the Symphony-style client API (symrest, seed 000): contract symphony.yaml. */
public final class SymphonyApi implements ApiSlice {
  private final Identity identity;
  private final String basePath;
  private final ErrorFormat errors = new SymphonyErrorFormat();

  public SymphonyApi(GatewayConfig config, Identity identity) {
    this.identity = identity;
    this.basePath = config.section("symphony").pathPrefix("base-path");
  }

  @Override
  public String name() {
    return "symphony";
  }

  @Override
  public String contract() {
    return "openapi/symphony.yaml";
  }

  @Override
  public String mountPath() {
    return basePath;
  }

  @Override
  public String ownedPrefix() {
    return basePath;
  }

  @Override
  public ErrorFormat errorFormat() {
    return errors;
  }

  @Override
  public void bind(SliceRoutes routes) {
    NotServedYet.bindAll(routes, Access.PUBLIC,
      "symrestLogin",
      "symrestRenew",
      "createWorkloadSession",
      "getWorkloadSession",
      "closeWorkloadSession",
      "listWorkloadSessions");
  }
}
