package io.sessiongate.murano;

import io.vertx.core.json.JsonObject;

/**
 * What a deployer is asked to do: the session's {@code description} (Murano's task model:
 * {@code Objects} is the draft, or null to delete the environment), and where it may post status reports
 * while it works ({@code reportUrl}, authenticated by {@code reportSecret}).
 */
public record DeploymentTask(String environmentId, String sessionId, String deploymentId, JsonObject description,
                             String reportUrl, String reportSecret) {
  public JsonObject toJson() {
    return new JsonObject()
      .put("environment_id", environmentId)
      .put("session_id", sessionId)
      .put("deployment_id", deploymentId)
      .put("description", description.copy())
      .put("report_url", reportUrl)
      .put("report_secret", reportSecret);
  }
}
