package io.sessiongate.murano;

import java.util.Arrays;

/** A configuration session's state, spelled as Murano spells it (murano/services/states.py). */
public enum SessionState {
  OPENED("opened"), DEPLOYING("deploying"), DEPLOYED("deployed"), DEPLOY_FAILURE("deploy failure"),
  DELETING("deleting"), DELETE_FAILURE("delete failure");

  private final String wire;

  SessionState(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** A deployment (or deletion) is running for a session in this state. */
  public boolean inFlight() {
    return this == DEPLOYING || this == DELETING;
  }

  public static SessionState of(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
      .orElseThrow(() -> new IllegalStateException("unknown Murano session state '" + wire + "'"));
  }
}
