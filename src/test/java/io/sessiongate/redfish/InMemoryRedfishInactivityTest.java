package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;

class InMemoryRedfishInactivityTest extends RedfishInactivityContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(TIMEOUT_SETTINGS, clock);
  }
}
