package io.sessiongate.sessions;

import io.sessiongate.core.auth.User;
import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonObject;

/**
 * The AppUserDetails of the contract: the account as it is now, with its latest login record
 * ({@code lastSuccessfulLogin} may be this very session's login) and, for a node, its reported version.
 */
record UserDetails(User user, LoginState state) implements LocalMessage {
  JsonObject toJson() {
    UserPresentation shown = new UserPresentation(user);
    return new JsonObject()
      .put("login", user.login())
      .put("firstName", shown.firstName())
      .put("lastName", shown.lastName())
      .put("lastFailedLoginIp", state.lastFailedLoginIp())
      .put("source", shown.source())
      .put("language", shown.language())
      .put("active", user.active())
      .put("infoTourEnabled", shown.infoTourEnabled())
      .put("endpointsOrganization", shown.organization())
      .put("groups", shown.groups())
      .put("appUserSettings", shown.appUserSettings())
      .put("externalId", shown.externalId())
      .put("thirdPartyRestriction", shown.thirdPartyRestriction())
      .put("guid", user.guid())
      .put("lastSuccessfulLogin", state.lastSuccessfulLogin())
      .put("lastFailedLogin", state.lastFailedLogin())
      .put("uiTimeZone", shown.uiTimeZone())
      .put("nodeVersion", state.nodeVersion());
  }
}
