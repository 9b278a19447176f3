package io.sessiongate.core.auth;

/**
 * One revocation, as it travels between nodes: either a single session (until its tokens expire anyway)
 * or every credential of a user issued before {@code at} (password change, deactivation, deletion).
 * The same feed carries change notices that revoke nothing ({@link Kind#USER_CHANGED},
 * {@link Kind#SESSION_CHANGED}): what a node caches about that login or session is out of date.
 */
public record Revocation(Kind kind, String key, long at) {
  public enum Kind {
    SESSION, USER, USER_CHANGED, SESSION_CHANGED;

    public boolean revokes() {
      return this == SESSION || this == USER;
    }

    /** True when the key is a login (else a session id). */
    public boolean namesLogin() {
      return this == USER || this == USER_CHANGED;
    }
  }

  public static Revocation session(String sessionId, long expiresAtMillis) {
    return new Revocation(Kind.SESSION, sessionId, expiresAtMillis);
  }

  public static Revocation user(String login, long notBeforeMillis) {
    return new Revocation(Kind.USER, login, notBeforeMillis);
  }

  /** A notice that what is known about {@code login}'s account or login state changed at {@code atMillis}. */
  public static Revocation userChanged(String login, long atMillis) {
    return new Revocation(Kind.USER_CHANGED, login, atMillis);
  }

  /** A notice that what is stored about the session {@code sessionId} changed at {@code atMillis}. */
  public static Revocation sessionChanged(String sessionId, long atMillis) {
    return new Revocation(Kind.SESSION_CHANGED, sessionId, atMillis);
  }

  /**
   * Wire form for PostgreSQL NOTIFY: {@code S|expires|sessionId}, {@code U|notBefore|login}, and for the
   * notices {@code UC|at|login}, {@code SC|at|sessionId}.
   */
  public String encode() {
    String prefix = switch (kind) {
      case SESSION -> "S|";
      case USER -> "U|";
      case USER_CHANGED -> "UC|";
      case SESSION_CHANGED -> "SC|";
    };
    return prefix + at + "|" + key;
  }

  public static Revocation decode(String payload) {
    String[] parts = payload.split("\\|", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a revocation: " + payload);
    }
    Kind kind = switch (parts[0]) {
      case "S" -> Kind.SESSION;
      case "U" -> Kind.USER;
      case "UC" -> Kind.USER_CHANGED;
      case "SC" -> Kind.SESSION_CHANGED;
      default -> throw new IllegalArgumentException("not a revocation: " + payload);
    };
    return new Revocation(kind, parts[2], Long.parseLong(parts[1]));
  }
}
