package io.sessiongate.symphony;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The messages {@link SymphonySessionVerticle} serves, one record per address. {@code clusterId} is null when
 * the client gave none (or an empty one).
 */
public final class SessionCommands {
  private SessionCommands() {
  }

  /** To {@link SymphonySessionVerticle#CREATE}: {@code attributes} passed the contract and the cross-field rules. */
  public record Create(Principal caller, String applicationName, String clusterId, JsonObject attributes)
    implements LocalMessage {
  }

  /** To {@link SymphonySessionVerticle#GET}: reading counts as use. */
  public record Get(Principal caller, String applicationName, String clusterId, long sessionId) implements LocalMessage {
  }

  /** To {@link SymphonySessionVerticle#LIST}: {@code state} null means open and closed. */
  public record ListSessions(Principal caller, String applicationName, String clusterId, SessionState state)
    implements LocalMessage {
  }

  /** To {@link SymphonySessionVerticle#CLOSE}: {@code destroy} removes the record as well. */
  public record Close(Principal caller, String applicationName, String clusterId, long sessionId, boolean destroy)
    implements LocalMessage {
  }

  /** To {@link SymphonySessionVerticle#APPLICATIONS_LIST}. */
  public record ListApplications() implements LocalMessage {
  }

  /** The reply to {@link ListApplications}. */
  public record Applications(List<Application> applications) implements LocalMessage {
    public Applications {
      applications = List.copyOf(applications);
    }
  }

  /** To {@link SymphonySessionVerticle#APPLICATIONS_PUT}: {@code application} is not {@code configured}. */
  public record RegisterApplication(Application application) implements LocalMessage {
  }

  /** The reply to {@link RegisterApplication}: {@code created} false when it replaced a registration. */
  public record Registered(Application application, boolean created) implements LocalMessage {
  }

  /** To {@link SymphonySessionVerticle#APPLICATIONS_REMOVE}. */
  public record RemoveApplication(String name) implements LocalMessage {
  }

  /** The reply to {@link ListSessions}. */
  public record Sessions(String applicationName, List<WorkloadSession> sessions) implements LocalMessage {
    public Sessions {
      sessions = List.copyOf(sessions);
    }
  }
}
