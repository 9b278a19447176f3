package io.sessiongate.core.auth;

/**
 * One revocation, as it travels between nodes: either a single session (until its tokens expire anyway)
 * or every credential of a user issued before {@code at} (password change, deactivation, deletion).
 */
public record Revocation(Kind kind, String key, long at) {
  public enum Kind { SESSION, USER }

  public static Revocation session(String sessionId, long expiresAtMillis) {
    return new Revocation(Kind.SESSION, sessionId, expiresAtMillis);
  }

  public static Revocation user(String login, long notBeforeMillis) {
    return new Revocation(Kind.USER, login, notBeforeMillis);
  }

  /** Wire form for PostgreSQL NOTIFY: {@code S|expires|sessionId} or {@code U|notBefore|login}. */
  public String encode() {
    return (kind == Kind.SESSION ? "S|" : "U|") + at + "|" + key;
  }

  public static Revocation decode(String payload) {
    String[] parts = payload.split("\\|", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a revocation: " + payload);
    }
    Kind kind = switch (parts[0]) {
      case "S" -> Kind.SESSION;
      case "U" -> Kind.USER;
      default -> throw new IllegalArgumentException("not a revocation: " + payload);
    };
    return new Revocation(kind, parts[2], Long.parseLong(parts[1]));
  }
}
