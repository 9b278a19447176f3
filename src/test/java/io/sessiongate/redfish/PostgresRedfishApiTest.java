package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

class PostgresRedfishApiTest extends RedfishApiContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.onPostgres("redfish_api", Map.of());
  }
}
