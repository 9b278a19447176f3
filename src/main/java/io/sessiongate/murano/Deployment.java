package io.sessiongate.murano;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One deploy (or deletion) of an environment's session: Murano's task. {@code description} is the deployed
 * object model (null for a deletion), {@code finished} 0 while it runs. {@code errors} and {@code warnings}
 * count its reports of those levels, as read by the store; they decide the state Murano shows.
 * {@code reportSecret} authenticates the deployer's reports and never leaves the gateway except to it.
 */
public record Deployment(String id, String environmentId, String tenantId, String sessionId, JsonObject description,
                         JsonObject action, JsonObject result, String reportSecret, String reportUrl, long started,
                         long finished, long created, long updated, int errors, int warnings) implements LocalMessage {
  public Deployment {
    description = description == null ? null : description.copy();
    action = action == null ? null : action.copy();
    result = result == null ? null : result.copy();
  }

  public boolean running() {
    return finished == 0;
  }

  /** Murano's set_dep_state. */
  public String state() {
    String suffix = errors > 0 ? "_w_errors" : warnings > 0 ? "_w_warnings" : "";
    if (running()) {
      return "running" + suffix;
    }
    return suffix.isEmpty() ? "success" : "completed" + suffix;
  }

  /** The deployed model as Murano shows it: a deletion's is {@code {"services": []}}. */
  public JsonObject shownDescription() {
    JsonObject shown = description == null ? new JsonObject() : description.copy();
    if (!(shown.getValue("services") instanceof JsonArray)) {
      shown.put("services", new JsonArray());
    }
    return shown;
  }

  /** Murano's {@code Task.to_dict()} with the state set_dep_state adds. */
  public JsonObject toDict() {
    return new JsonObject()
      .put("id", id)
      .put("environment_id", environmentId)
      .put("state", state())
      .put("started", MuranoTime.wire(started))
      .put("finished", running() ? null : MuranoTime.wire(finished))
      .put("description", shownDescription())
      .put("action", action == null ? null : action.copy())
      .put("result", result == null ? null : result.copy())
      .put("created", MuranoTime.wire(created))
      .put("updated", MuranoTime.wire(updated));
  }
}
