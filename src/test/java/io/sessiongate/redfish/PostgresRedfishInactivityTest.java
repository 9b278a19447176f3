package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresRedfishInactivityTest extends RedfishInactivityContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.onPostgres("redfish_inactivity", SHORT_TIMEOUT);
  }
}
