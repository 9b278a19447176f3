package io.sessiongate.murano;

import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.http.Access;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.ErrorFormat;
import io.sessiongate.core.http.NotServedYet;
import io.sessiongate.core.http.SliceRoutes;

/** Murano environments and configuration sessions (seed 002): contract murano.yaml. */
public final class MuranoApi implements ApiSlice {
  private final Identity identity;
  private final String basePath;
  private final ErrorFormat errors = new MuranoErrorFormat();

  public MuranoApi(GatewayConfig config, Identity identity) {
    this.identity = identity;
    this.basePath = config.section("murano").pathPrefix("base-path");
  }

  @Override
  public String name() {
    return "murano";
  }

  @Override
  public String contract() {
    return "openapi/murano.yaml";
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
      "listEnvironments",
      "createEnvironment",
      "showEnvironment",
      "updateEnvironment",
      "deleteEnvironment",
      "configureEnvironment",
      "showSession",
      "deleteSession",
      "deploySession",
      "listServices",
      "addService",
      "replaceServices",
      "getService",
      "deleteService");
  }
}
