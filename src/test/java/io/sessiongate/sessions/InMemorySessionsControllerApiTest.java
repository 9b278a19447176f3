package io.sessiongate.sessions;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class InMemorySessionsControllerApiTest extends SessionsControllerApiContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(SETTINGS);
  }
}
