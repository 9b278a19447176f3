package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class InMemoryMuranoModelTest extends MuranoModelContract {
  @Override
  TestGateway start(Map<String, String> settings) {
    return TestGateway.inMemory(settings);
  }
}
