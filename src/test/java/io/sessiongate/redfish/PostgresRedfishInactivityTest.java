package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresRedfishInactivityTest extends RedfishInactivityContract {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.onPostgres("redfish_inactivity", SHORT_TIMEOUT);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Override
  TestGateway gateway() {
    return gateway;
  }
}
