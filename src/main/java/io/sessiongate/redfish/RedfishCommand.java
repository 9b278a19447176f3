package io.sessiongate.redfish;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.LocalMessage;

import java.util.List;

/**
 * What the router asks of the {@link RedfishSessionVerticle}, one record per address. {@code caller} is
 * the authenticated principal; the verticle decides what it may see or end.
 */
public sealed interface RedfishCommand extends LocalMessage {
  /** {@link RedfishSessionVerticle#CREATE}: log in; replies {@link Created}. */
  record Create(String userName, String password, String context, String clientAddress) implements RedfishCommand {
    @Override
    public String toString() {
      return "Create[userName=" + userName + "]";
    }
  }

  /** The new session and its token: the only time the token exists outside the client. */
  record Created(RedfishSession session, String token) implements LocalMessage {
    @Override
    public String toString() {
      return "Created[" + session.id() + "]";
    }
  }

  /** {@link RedfishSessionVerticle#LIST}: the sessions the caller may see; replies {@link Visible}. */
  record ListVisible(Principal caller) implements RedfishCommand {
  }

  record Visible(List<RedfishSession> sessions) implements LocalMessage {
  }

  /** {@link RedfishSessionVerticle#DELETE}: logs the session out everywhere; replies the deleted session. */
  record Delete(String id, Principal caller) implements RedfishCommand {
  }

  /** {@link RedfishSessionVerticle#GET_SERVICE}: replies the {@link SessionServiceSettings}. */
  record GetService() implements RedfishCommand {
  }

  /**
   * {@link RedfishSessionVerticle#PATCH_SERVICE}: null members are left as they are; replies the settings
   * after the change.
   */
  record PatchService(Integer sessionTimeoutSeconds, Boolean serviceEnabled) implements RedfishCommand {
  }
}
