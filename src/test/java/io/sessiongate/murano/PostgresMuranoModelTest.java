package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class PostgresMuranoModelTest extends MuranoModelContract {
  @Override
  TestGateway start(Map<String, String> settings) {
    return TestGateway.onPostgres("murano_model", settings);
  }
}
