package io.sessiongate.murano;

import io.sessiongate.murano.MuranoReply.DeploymentList;
import io.sessiongate.murano.MuranoReply.EnvironmentFromTemplate;
import io.sessiongate.murano.MuranoReply.EnvironmentList;
import io.sessiongate.murano.MuranoReply.LastStatuses;
import io.sessiongate.murano.MuranoReply.ReportList;
import io.sessiongate.murano.MuranoReply.ShownEnvironment;
import io.sessiongate.murano.MuranoReply.TemplateList;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The session verticle's replies as Murano's JSON bodies (murano/api/v1/*.py), for {@link MuranoApi}. */
final class MuranoDocuments {
  private MuranoDocuments() {
  }

  static JsonObject environments(EnvironmentList list) {
    return new JsonObject().put("environments", new JsonArray(list.snapshots().stream()
      .map(snapshot -> snapshot.environment().toDict().put("status", snapshot.status().wire()))
      .toList()));
  }

  static JsonObject environment(ShownEnvironment shown) {
    EnvironmentSnapshot snapshot = shown.snapshot();
    return snapshot.environment().toDict()
      .put("status", snapshot.status().wire())
      .put("acquired_by", snapshot.acquiredBy())
      .put("services", shown.services());
  }

  static JsonObject deployments(DeploymentList list) {
    return new JsonObject().put("deployments",
      new JsonArray(list.deployments().stream().map(Deployment::toDict).toList()));
  }

  static JsonObject reports(ReportList list) {
    return new JsonObject().put("reports",
      new JsonArray(list.reports().stream().map(DeploymentReport::toDict).toList()));
  }

  static JsonObject lastStatuses(LastStatuses statuses) {
    JsonObject last = new JsonObject();
    statuses.byService().forEach((serviceId, newest) -> last.put(serviceId, newest == null ? null : newest.toDict()));
    return new JsonObject().put("lastStatuses", last);
  }

  static JsonObject templates(TemplateList list) {
    return new JsonObject().put("templates",
      new JsonArray(list.templates().stream().map(EnvironmentTemplate::toDict).toList()));
  }

  /** A template just created shows the services sent, as Murano (whatever they were). */
  static JsonObject created(EnvironmentTemplate template, JsonObject body) {
    JsonObject dict = template.toDict();
    return body.containsKey("services") ? dict.put("services", body.getValue("services")) : dict;
  }

  static JsonObject template(EnvironmentTemplate template) {
    return template.toDict().put("services", template.services() == null ? new JsonArray() : template.services());
  }

  /** A clone shows the applications it copied, if the original had any. */
  static JsonObject clone(EnvironmentTemplate clone) {
    return clone.services() == null ? clone.toDict() : clone.toDict().put("services", clone.services());
  }

  static JsonObject fromTemplate(EnvironmentFromTemplate created) {
    return new JsonObject().put("session_id", created.sessionId()).put("environment_id", created.environmentId());
  }
}
