package io.sessiongate.sessions;

import io.sessiongate.testing.TestGateway;

class InMemorySessionsControllerApiTest extends SessionsControllerApiContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(SETTINGS, clock);
  }
}
