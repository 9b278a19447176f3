package io.sessiongate.symphony;

import io.sessiongate.core.api.LocalMessage;

/**
 * Which sessions a request may see: those of one application, optionally only on one cluster, and only the
 * caller's own unless {@code owner} is null (an admin sees every owner's).
 */
public record SessionScope(String applicationName, String clusterId, String owner) implements LocalMessage {
  public boolean includes(WorkloadSession session) {
    return session.applicationName().equals(applicationName)
      && (clusterId == null || session.clusterId().equals(clusterId))
      && (owner == null || session.owner().equals(owner));
  }
}
