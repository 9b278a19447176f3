package io.sessiongate.core.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The audit events, each of one class ({@link Kind}, what {@code audit.events} selects). */
public enum AuditEvent {
  LOGIN_SUCCEEDED("login.succeeded", Kind.LOGIN),
  LOGIN_FAILED("login.failed", Kind.LOGIN),
  LOCKED_OUT("login.locked-out", Kind.LOCKOUT),
  LOGGED_OUT("logout", Kind.LOGOUT),
  SESSION_REVOKED("session.revoked", Kind.REVOCATION),
  USER_CREATED("user.created", Kind.USERS),
  USER_UPDATED("user.updated", Kind.USERS),
  USER_DELETED("user.deleted", Kind.USERS),
  DEVICE_CREATED("device.created", Kind.DEVICES),
  DEVICE_UPDATED("device.updated", Kind.DEVICES),
  DEVICE_DELETED("device.deleted", Kind.DEVICES),
  AGGREGATE_CREATED("aggregate.created", Kind.AGGREGATES),
  AGGREGATE_ELEMENTS_ADDED("aggregate.elements-added", Kind.AGGREGATES),
  AGGREGATE_ELEMENTS_REMOVED("aggregate.elements-removed", Kind.AGGREGATES),
  AGGREGATE_DELETED("aggregate.deleted", Kind.AGGREGATES),
  PROXIED_CHANGE("device.request", Kind.PROXY),
  BATCH_ACCEPTED("aggregation.batch", Kind.PROXY);

  public enum Kind {
    LOGIN, LOCKOUT, LOGOUT, REVOCATION, USERS, DEVICES, AGGREGATES, PROXY;

    static String names() {
      return Arrays.stream(values()).map(kind -> kind.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
  }

  private final String type;
  private final Kind kind;

  AuditEvent(String type, Kind kind) {
    this.type = type;
    this.kind = kind;
  }

  /** The event's name in the log ({@code "event"}). */
  public String type() {
    return type;
  }

  public Kind kind() {
    return kind;
  }
}
