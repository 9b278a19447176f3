package io.sessiongate.symphony;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A workload session as stored: who created it for which application on which cluster, the creation
 * attributes it was created with (as the client sent them, after validation), and its life so far.
 * {@code closedAt} and {@code expiresAt} are epoch milliseconds or null. {@code attributes} is never
 * changed after the session is created.
 */
public record WorkloadSession(long sessionId, String applicationName, String clusterId, String owner,
                              SessionState state, JsonObject attributes, int ttlMinutes, long createdAt,
                              long lastUsedAt, Long closedAt, Long expiresAt) implements LocalMessage {

  /** The same session as the reply to a destroying close shows it: closed now (if not before), never to expire. */
  public WorkloadSession destroyed(long now) {
    return new WorkloadSession(sessionId, applicationName, clusterId, owner, SessionState.DESTROYED, attributes,
      ttlMinutes, createdAt, now, closedAt == null ? now : closedAt, null);
  }

  /** The WorkloadSession schema of the contract. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("sessionId", sessionId)
      .put("applicationName", applicationName)
      .put("clusterId", clusterId)
      .put("state", state.wireName())
      .put("owner", owner)
      .put("createdAt", iso(createdAt))
      .put("lastUsedAt", iso(lastUsedAt))
      .put("closedAt", closedAt == null ? null : iso(closedAt))
      .put("expiresAt", expiresAt == null ? null : iso(expiresAt))
      .put("sessionAttributes", attributes.copy());
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
