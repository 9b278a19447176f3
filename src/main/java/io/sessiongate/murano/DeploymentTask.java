package io.sessiongate.murano;

import io.vertx.core.json.JsonObject;

/**
 * What a deployer is asked to do: the session's {@code description} (Murano's task model:
 * {@code Objects} is the draft, or null to delete the environment).
 */
public record DeploymentTask(String environmentId, String sessionId, JsonObject description) {
  public JsonObject toJson() {
    return new JsonObject()
      .put("environment_id", environmentId)
      .put("session_id", sessionId)
      .put("description", description.copy());
  }
}
