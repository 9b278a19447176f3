package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class PostgresMuranoApiTest extends MuranoApiContract {
  @Override
  TestGateway start(Map<String, String> settings) {
    return TestGateway.onPostgres("murano_api", settings);
  }
}
