package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

class InMemoryRedfishApiTest extends RedfishApiContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(Map.of());
  }
}
