package io.sessiongate.murano;

import java.util.List;

/** An environment's status, derived from its sessions as Murano's EnvironmentServices.get_status does. */
public enum EnvironmentStatus {
  READY("ready"), PENDING("pending"), DEPLOYING("deploying"), DEPLOY_FAILURE("deploy failure"),
  DELETING("deleting"), DELETE_FAILURE("delete failure");

  private final String wire;

  EnvironmentStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /**
   * Scans the sessions newest first (version, then last change): the first running or failed one decides;
   * a deployed one ends the scan (what came before it is history); an opened one seen on the way makes the
   * environment pending.
   */
  public static EnvironmentStatus of(List<ConfigurationSession> newestFirst) {
    boolean opened = false;
    for (ConfigurationSession session : newestFirst) {
      switch (session.state()) {
        case DEPLOYING: return DEPLOYING;
        case DELETING: return DELETING;
        case DEPLOY_FAILURE: return DEPLOY_FAILURE;
        case DELETE_FAILURE: return DELETE_FAILURE;
        case OPENED:
          opened = true;
          break;
        case DEPLOYED:
          return opened ? PENDING : READY;
        default:
          throw new IllegalStateException("unhandled state " + session.state());
      }
    }
    return opened ? PENDING : READY;
  }
}
