package io.sessiongate.sessions;

import io.sessiongate.core.auth.User;
import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonObject;

/**
 * The SessionInfoResponse of the contract. {@code session} is null for a gateway token the controller did
 * not open (from {@code POST /auth/token}): it has no endpoints tokens until it refreshes them.
 * {@code lastSuccessfulLogin} is the login before this session (what a user should be warned about), the
 * failed-login fields are the account's latest.
 */
record SessionInfo(User user, ControllerSession session, LoginState state) implements LocalMessage {
  static final String NO_ENDPOINTS_TOKENS = "This session was not opened by a sessions-controller login; "
    + "POST /session/refresh-endpoints-tokens issues its endpoints tokens.";

  /** The info of a session whose user's details are known. */
  static SessionInfo of(UserDetails details, ControllerSession session) {
    return new SessionInfo(details.user(), session, details.state());
  }

  JsonObject toJson() {
    UserPresentation shown = new UserPresentation(user);
    return new JsonObject()
      .put("requester", shown.requester())
      .put("infoTourEnabled", shown.infoTourEnabled())
      .put("lastFailedLoginIp", state.lastFailedLoginIp())
      .put("language", shown.language())
      .put("appUserSettings", shown.appUserSettings())
      .put("privileges", shown.privileges())
      .put("endpointsTokens", endpointsTokens())
      .put("uiConsoleMode", shown.uiConsoleMode())
      .put("lastSuccessfulLogin", session == null ? null : session.previousSuccessfulLogin())
      .put("lastFailedLogin", state.lastFailedLogin())
      .put("uiTimeZone", shown.uiTimeZone());
  }

  private JsonObject endpointsTokens() {
    if (session == null) {
      return new JsonObject()
        .putNull("endpointsServerManagerToken")
        .put("endpointsServerManagerWarning", NO_ENDPOINTS_TOKENS)
        .putNull("endpointsOrganizationAdminToken")
        .put("endpointsOrganizationAdminWarning", NO_ENDPOINTS_TOKENS);
    }
    return new JsonObject()
      .put("endpointsServerManagerToken", session.serverManagerToken())
      .putNull("endpointsServerManagerWarning")
      .put("endpointsOrganizationAdminToken", session.organizationAdminToken())
      .putNull("endpointsOrganizationAdminWarning");
  }
}
