package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class InMemoryRedfishInactivityTest extends RedfishInactivityContract {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.inMemory(SHORT_TIMEOUT);
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
