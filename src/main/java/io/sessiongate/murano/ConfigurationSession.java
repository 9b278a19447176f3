package io.sessiongate.murano;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonObject;

/**
 * A configuration session: a user's draft of an environment's object model opened on environment
 * {@code version}. A null {@code draft} marks the environment deleted (the session deploys a deletion).
 * {@code revision} is stamped by the store on every change: it orders sessions and guards draft updates.
 * {@code deployDeadline} is, while deploying, until when the node running the deployer owns the deployment.
 */
public record ConfigurationSession(String id, String environmentId, String userId, SessionState state, long version,
                                   JsonObject draft, long deployDeadline, long revision, long created, long updated)
  implements LocalMessage {
  public ConfigurationSession {
    draft = draft == null ? null : draft.copy();
  }

  @Override
  public JsonObject draft() {
    return draft == null ? null : draft.copy();
  }

  public boolean marksDeletion() {
    return draft == null;
  }

  /** Murano's {@code Session.to_dict()}. */
  public JsonObject toDict() {
    return new JsonObject()
      .put("id", id)
      .put("environment_id", environmentId)
      .put("user_id", userId)
      .put("state", state.wire())
      .put("version", version)
      .put("created", MuranoTime.wire(created))
      .put("updated", MuranoTime.wire(updated));
  }
}
