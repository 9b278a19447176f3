package io.sessiongate.murano;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a deployer answered: whether it deployed, Murano's action {@code result} (null: none given),
 * the status reports it returned with its answer (raw, as a deployer posts them), and, when it failed
 * without saying why in a report, why.
 */
public record DeployerAnswer(boolean succeeded, JsonObject result, List<JsonObject> reports, String failure) {
  public DeployerAnswer {
    reports = List.copyOf(reports);
  }

  static DeployerAnswer deployed(JsonObject result, List<JsonObject> reports) {
    return new DeployerAnswer(true, result, reports, null);
  }

  static DeployerAnswer failed(String why, JsonObject result, List<JsonObject> reports) {
    return new DeployerAnswer(false, result, reports, why);
  }
}
