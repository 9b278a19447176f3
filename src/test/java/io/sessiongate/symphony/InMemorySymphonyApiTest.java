package io.sessiongate.symphony;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InMemorySymphonyApiTest extends SymphonyApiContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(SETTINGS);
  }

  @Test
  void theEmbeddedDefaultsRegisterTheSeedApplicationOnCluster1() {
    try (TestGateway defaults = TestGateway.inMemory(Map.of())) {
      HttpResponse<Buffer> created = defaults.sendRaw(asAdmin(defaults.request(HttpMethod.POST,
        BASE + "/clientapi/session?applicationName=" + SEED_APP)), "application/json", fixedSeedBody());
      assertEquals(200, created.statusCode(), created.bodyAsString());
      assertEquals("cluster1", created.bodyAsJsonObject().getString("clusterId"));
      error(defaults.sendRaw(asAdmin(defaults.request(HttpMethod.POST,
        BASE + "/clientapi/session?applicationName=multi")), "application/json", "{}"), 400);
    }
  }
}
