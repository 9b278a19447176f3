package io.sessiongate.sessions;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class InMemorySessionsControllerApiTest extends SessionsControllerApiContract {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.inMemory(SETTINGS);
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
