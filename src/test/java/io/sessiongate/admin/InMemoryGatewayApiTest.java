package io.sessiongate.admin;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

class InMemoryGatewayApiTest extends GatewayApiContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(Map.of());
  }
}
