package io.sessiongate.murano;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Murano's test_deployments.py test_set_dep_state: the state from finished and the error/warning counts. */
class DeploymentStateTest {
  private static Deployment deployment(JsonObject description, long finished, int errors, int warnings) {
    return new Deployment("1", "env", "t", "s", description, null, null, "secret", "url", 1000, finished, 1000, 1000,
      errors, warnings);
  }

  @Test
  void test_set_dep_state() {
    JsonObject noApplications = new JsonObject().put("services", new JsonArray());
    assertEquals("success", deployment(noApplications, 2000, 0, 0).state());
    assertEquals("success", deployment(null, 2000, 0, 0).state(), "no description");
    assertEquals(new JsonArray(), deployment(null, 2000, 0, 0).toDict().getJsonObject("description")
      .getJsonArray("services"), "Murano's _patch_description");
    assertEquals("completed_w_errors", deployment(noApplications, 2000, 1, 0).state());
    assertEquals("completed_w_errors", deployment(noApplications, 2000, 1, 1).state(), "errors before warnings");
    assertEquals("completed_w_warnings", deployment(noApplications, 2000, 0, 1).state());
    assertEquals("running", deployment(noApplications, 0, 0, 0).state());
    assertEquals("running_w_errors", deployment(noApplications, 0, 1, 0).state());
    assertEquals("running_w_warnings", deployment(noApplications, 0, 0, 1).state());
  }
}
