package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class PostgresMuranoDeploymentsTest extends MuranoDeploymentsContract {
  @Override
  TestGateway start(Map<String, String> settings) {
    return TestGateway.onPostgres("murano_deployments", settings);
  }
}
