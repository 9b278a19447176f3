package io.sessiongate.aggregation;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class InMemoryAggregationTest extends AggregationContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(Map.of());
  }
}
