package io.sessiongate.sessions;

import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.http.Access;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.ErrorFormat;
import io.sessiongate.core.http.NotServedYet;
import io.sessiongate.core.http.SliceRoutes;

/** the sessions controller (Storware/vProtect style, seed 001): contract sessions.yaml. */
public final class SessionsControllerApi implements ApiSlice {
  private final Identity identity;
  private final String basePath;
  private final ErrorFormat errors = new SessionsErrorFormat();

  public SessionsControllerApi(GatewayConfig config, Identity identity) {
    this.identity = identity;
    this.basePath = config.section("sessions-controller").pathPrefix("base-path");
  }

  @Override
  public String name() {
    return "sessions";
  }

  @Override
  public String contract() {
    return "openapi/sessions.yaml";
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
      "sessionStatus",
      "login",
      "loginWithToken",
      "nodeLogin",
      "logout",
      "refreshEndpointsTokens",
      "currentUser",
      "currentUserDetails");
  }
}
