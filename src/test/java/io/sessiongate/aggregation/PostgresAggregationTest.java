package io.sessiongate.aggregation;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class PostgresAggregationTest extends AggregationContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.onPostgres("aggregation", Map.of());
  }
}
