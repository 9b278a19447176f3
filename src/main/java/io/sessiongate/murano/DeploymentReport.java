package io.sessiongate.murano;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

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

  /**
   * A report as Murano's engine sends one (murano/engine/system/status_reporter.py): {@code id} (or
   * {@code entity_id}) the object it is about, {@code text}, {@code level} (default info), {@code details},
   * {@code timestamp} (ISO 8601, UTC when it has no zone; default now), and {@code entity}. A timestamp that
   * is not ISO 8601 throws DateTimeParseException.
   */
  static DeploymentReport fromEngine(String deploymentId, JsonObject raw, long now) {
    Object entityId = raw.getValue("entity_id") != null ? raw.getValue("entity_id") : raw.getValue("id");
    Object details = raw.getValue("details");
    Object level = raw.getValue("level");
    Object timestamp = raw.getValue("timestamp");
    return new DeploymentReport(MuranoChecks.newId(), deploymentId,
      raw.getValue("entity") instanceof String entity ? entity : null,
      entityId == null ? null : String.valueOf(entityId),
      raw.getString("text"),
      level instanceof String given && !given.isEmpty() ? given : "info",
      details == null ? null : details instanceof String text ? text : Json.encode(details),
      timestamp instanceof String iso ? epochMillis(iso) : now);
  }

  private static long epochMillis(String iso) {
    try {
      return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    } catch (DateTimeParseException withoutZone) {
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }
}
