package io.sessiongate.sessions;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.LocalMessage;

import java.util.Set;

/**
 * The sessions controller's part of a gateway session: the session itself is the gateway token (a JWT
 * naming {@code sessionId}); this adds its two endpoints tokens and the account's previous successful login,
 * which the session info shows for as long as the session lasts.
 */
record ControllerSession(String sessionId, String login, long issuedAt, long expiresAt,
                         String serverManagerToken, String organizationAdminToken,
                         Long previousSuccessfulLogin) implements LocalMessage {

  ControllerSession withPreviousSuccessfulLogin(Long previous) {
    return new ControllerSession(sessionId, login, issuedAt, expiresAt, serverManagerToken, organizationAdminToken,
      previous);
  }

  ControllerSession withEndpointsTokens(String serverManager, String organizationAdmin) {
    return new ControllerSession(sessionId, login, issuedAt, expiresAt, serverManager, organizationAdmin,
      previousSuccessfulLogin);
  }

  /** The session as the revocation registry sees it (it needs only who, which session, and since when). */
  Principal asPrincipal() {
    return new Principal(login, null, Set.of(), Set.of(), sessionId, issuedAt, expiresAt);
  }
}
