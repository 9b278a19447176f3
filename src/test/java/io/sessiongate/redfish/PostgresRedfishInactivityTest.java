package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;

class PostgresRedfishInactivityTest extends RedfishInactivityContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.onPostgres("redfish_inactivity", TIMEOUT_SETTINGS, clock);
  }
}
