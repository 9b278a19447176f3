package io.sessiongate.murano;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonObject;

/**
 * A Murano environment. {@code model} is its deployed object model (Murano's {@code description['Objects']},
 * services under {@code services}); {@code acquiredBy} names the session being deployed or deleted, or null.
 * Never mutated: the model is copied in and out.
 */
public record Environment(String id, String name, String tenantId, String descriptionText, long version,
                          JsonObject model, String acquiredBy, long created, long updated) implements LocalMessage {
  public Environment {
    model = model.copy();
  }

  @Override
  public JsonObject model() {
    return model.copy();
  }

  /** Murano's {@code Environment.to_dict()}: the columns without the object model. */
  public JsonObject toDict() {
    return new JsonObject()
      .put("id", id)
      .put("name", name)
      .put("tenant_id", tenantId)
      .put("description_text", descriptionText)
      .put("version", version)
      .put("created", MuranoTime.wire(created))
      .put("updated", MuranoTime.wire(updated));
  }

  public Environment renamed(String newName, long now) {
    return new Environment(id, newName, tenantId, descriptionText, version, model, acquiredBy, created, now);
  }

  /**
   * Murano's EnvironmentServices.create: the request's members with an identity block of class
   * io.murano.Environment, and a default network when the request names none.
   */
  static JsonObject initialModel(JsonObject body) {
    JsonObject model = new JsonObject().put("?", new JsonObject().put("id", MuranoChecks.newId()));
    model.mergeIn(body.copy());
    if (!(model.getValue("?") instanceof JsonObject)) {
      model.put("?", new JsonObject().put("id", MuranoChecks.newId()));
    }
    Object networks = model.getValue("defaultNetworks");
    if (networks == null || networks instanceof JsonObject object && object.isEmpty()) {
      model.put("defaultNetworks", new JsonObject()
        .put("environment", new JsonObject()
          .put("?", new JsonObject().put("id", MuranoChecks.newId()).put("type", "io.murano.resources.NeutronNetwork"))
          .put("name", body.getString("name") + "-network"))
        .putNull("flat"));
    }
    model.getJsonObject("?").put("type", "io.murano.Environment").put("metadata", new JsonObject());
    return model;
  }
}
