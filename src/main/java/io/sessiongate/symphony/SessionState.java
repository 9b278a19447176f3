package io.sessiongate.symphony;

import java.util.Locale;

/** Where a workload session is in its life; {@code DESTROYED} is only ever seen in the reply to the destroying close. */
public enum SessionState {
  OPEN, CLOSED, DESTROYED;

  /** The name the API and the store use: "open", "closed", "destroyed". */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SessionState fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
