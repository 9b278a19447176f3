package io.sessiongate.murano;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonObject;

/**
 * A status entry of a deployment (Murano's status table): what the deployer said about an entity of the
 * model ({@code entityId} is an object's {@code ?.id}, null for the deployment as a whole).
 */
public record DeploymentReport(String id, String deploymentId, String entity, String entityId, String text,
                               String level, String details, long created) implements LocalMessage {
  /** Murano's {@code Status.to_dict()}. */
  public JsonObject toDict() {
    return new JsonObject()
      .put("id", id)
      .put("task_id", deploymentId)
      .put("entity", entity)
      .put("entity_id", entityId)
      .put("text", text)
      .put("level", level)
      .put("details", details)
      .put("created", MuranoTime.wire(created))
      .put("updated", MuranoTime.wire(created));
  }
}
