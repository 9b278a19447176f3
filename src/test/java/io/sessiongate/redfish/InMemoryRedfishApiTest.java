package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

class InMemoryRedfishApiTest extends RedfishApiContract {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.inMemory(Map.of());
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
