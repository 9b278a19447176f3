package io.sessiongate.murano;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An environment and its sessions (newest first: version, then last change) read in one statement, so the
 * decisions made on them (status, validity) never mix two moments of a concurrent deployment.
 */
public record EnvironmentSnapshot(Environment environment, List<ConfigurationSession> sessions) implements LocalMessage {
  public EnvironmentSnapshot {
    sessions = List.copyOf(sessions);
  }

  public EnvironmentStatus status() {
    return EnvironmentStatus.of(sessions);
  }

  /** The session as of this snapshot, or null when it is not (or no longer) one of the environment's. */
  public ConfigurationSession session(String id) {
    return sessions.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
  }

  /** The session being deployed, while the environment is deploying (Murano's {@code acquired_by}). */
  public String acquiredBy() {
    return status() != EnvironmentStatus.DEPLOYING ? null : sessions.stream()
      .filter(s -> s.state() == SessionState.DEPLOYING).map(ConfigurationSession::id).findFirst().orElse(null);
  }

  /**
   * Murano's SessionServices.validate: a session opened on an older version is stale, and an opened session
   * is invalid while another session of the environment is deploying.
   */
  public boolean valid(ConfigurationSession session) {
    if (environment.version() > session.version()) {
      return false;
    }
    boolean deploying = sessions.stream().anyMatch(s -> s.state() == SessionState.DEPLOYING);
    return !(session.state() == SessionState.OPENED && deploying);
  }

  /** The object model a read shows (get_environment_description): the session's draft while it is usable. */
  JsonObject description(ConfigurationSession session) {
    if (session != null && valid(session) && session.state() != SessionState.DEPLOYED) {
      return session.draft();
    }
    return environment.model();
  }

  /** The model's services, or null when it has none. */
  JsonArray rawServices(ConfigurationSession session) {
    JsonObject description = description(session);
    return description != null && description.getValue("services") instanceof JsonArray services ? services : null;
  }

  /** Murano's CoreServices.get_data for /services: each service's ?.status is the environment's. */
  JsonArray services(ConfigurationSession session) {
    JsonArray services = rawServices(session);
    if (services == null) {
      return new JsonArray();
    }
    String status = status().wire();
    services.forEach(service -> {
      if (service instanceof JsonObject object && object.getValue("?") instanceof JsonObject meta) {
        meta.put("status", status);
      }
    });
    return services;
  }
}
