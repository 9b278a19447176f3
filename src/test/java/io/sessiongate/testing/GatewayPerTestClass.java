package io.sessiongate.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One gateway shared by the tests of a class: an API's contract tests extend this, and each store's test
 * class only says how to start its gateway ({@code TestGateway.inMemory(...)}, {@code onPostgres(...)}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayPerTestClass {
  private TestGateway gateway;

  protected abstract TestGateway startGateway();

  @BeforeAll
  final void startSharedGateway() {
    gateway = startGateway();
  }

  @AfterAll
  final void stopSharedGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  protected TestGateway gateway() {
    return gateway;
  }
}
