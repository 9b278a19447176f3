package io.sessiongate.sessions;

import io.sessiongate.core.api.LocalMessage;

/** The messages {@link SessionsControllerVerticle} is sent, other than a bare {@code Principal}. */
final class SessionCommands {
  private SessionCommands() {
  }

  /** A user login ({@code nodeVersion} null) or a node login, from {@code clientIp}. */
  record PasswordLogin(String login, String password, String nodeVersion, String clientIp, String requestId)
    implements LocalMessage {
    @Override
    public String toString() {
      // Never the password, should a message ever be logged.
      return "PasswordLogin[login=" + login + ", nodeVersion=" + nodeVersion + ", clientIp=" + clientIp + "]";
    }
  }

  /** A login with a token the gateway issued (a gateway JWT or an endpoints token). */
  record TokenLogin(String token, String clientIp) implements LocalMessage {
    @Override
    public String toString() {
      return "TokenLogin[clientIp=" + clientIp + "]";
    }
  }

  /** A session just opened: its token (cookie value and bearer token), and what the client is shown. */
  record OpenedSession(String token, long expiresAtMillis, SessionInfo info) implements LocalMessage {
  }
}
