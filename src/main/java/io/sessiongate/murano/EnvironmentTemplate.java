package io.sessiongate.murano;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A Murano environment template: {@code description} is the body Murano keeps for it (the creation body
 * with its id and tenant; the applications under {@code services}). Never mutated: copied in and out.
 */
public record EnvironmentTemplate(String id, String name, String tenantId, String descriptionText, long version,
                                  JsonObject description, boolean isPublic, long created, long updated)
  implements LocalMessage {
  public EnvironmentTemplate {
    description = description.copy();
  }

  @Override
  public JsonObject description() {
    return description.copy();
  }

  /** The template's applications, or null when its description has none (Murano then shows []). */
  JsonArray services() {
    return description.getValue("services") instanceof JsonArray services ? services : null;
  }

  /** Murano's {@code EnvironmentTemplate.to_dict()}: the columns without the description. */
  public JsonObject toDict() {
    return new JsonObject()
      .put("id", id)
      .put("name", name)
      .put("tenant_id", tenantId)
      .put("description_text", descriptionText)
      .put("version", version)
      .put("is_public", isPublic)
      .put("created", MuranoTime.wire(created))
      .put("updated", MuranoTime.wire(updated));
  }

  EnvironmentTemplate with(String newName, boolean nowPublic, String newText, JsonObject newDescription, long now) {
    return new EnvironmentTemplate(id, newName, tenantId, newText, version, newDescription, nowPublic, created, now);
  }
}
