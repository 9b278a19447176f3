package io.sessiongate.admin;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

class PostgresGatewayApiTest extends GatewayApiContract {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.onPostgres("gateway_api", Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Override
  TestGateway gateway() {
    return gateway;
  }
}
