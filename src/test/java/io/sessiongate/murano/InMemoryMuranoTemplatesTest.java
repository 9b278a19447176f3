package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class InMemoryMuranoTemplatesTest extends MuranoTemplatesContract {
  @Override
  TestGateway start(Map<String, String> settings) {
    return TestGateway.inMemory(settings);
  }
}
