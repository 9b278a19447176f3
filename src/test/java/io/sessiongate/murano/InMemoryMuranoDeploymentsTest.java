package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class InMemoryMuranoDeploymentsTest extends MuranoDeploymentsContract {
  @Override
  TestGateway start(Map<String, String> settings) {
    return TestGateway.inMemory(settings);
  }
}
