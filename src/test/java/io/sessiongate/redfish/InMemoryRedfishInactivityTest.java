package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class InMemoryRedfishInactivityTest extends RedfishInactivityContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(SHORT_TIMEOUT);
  }
}
