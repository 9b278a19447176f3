package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;

import java.util.Map;

class PostgresMuranoTemplatesTest extends MuranoTemplatesContract {
  @Override
  TestGateway start(Map<String, String> settings) {
    return TestGateway.onPostgres("murano_templates", settings);
  }
}
