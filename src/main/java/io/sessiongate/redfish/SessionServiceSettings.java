package io.sessiongate.redfish;

import io.sessiongate.core.api.LocalMessage;

/** The writable state of the SessionService, one per cluster (a single row with PostgreSQL). */
public record SessionServiceSettings(int sessionTimeoutSeconds, boolean serviceEnabled) implements LocalMessage {
  public long timeoutMillis() {
    return sessionTimeoutSeconds * 1000L;
  }
}
