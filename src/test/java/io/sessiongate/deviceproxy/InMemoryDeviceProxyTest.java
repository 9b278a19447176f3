package io.sessiongate.deviceproxy;

import io.sessiongate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

class InMemoryDeviceProxyTest extends DeviceProxyContract {
  @Override
  protected TestGateway startGateway() {
    return TestGateway.inMemory(Map.of());
  }
}
