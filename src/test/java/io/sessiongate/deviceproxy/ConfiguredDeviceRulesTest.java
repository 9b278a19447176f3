package io.sessiongate.deviceproxy;

import io.sessiongate.deviceproxy.registry.InMemoryDeviceStore;
import io.sessiongate.deviceproxy.registry.DeviceRegistry;
import io.sessiongate.deviceproxy.registry.CredentialCipher;
import io.sessiongate.deviceproxy.registry.AllowedNetworks;
import io.sessiongate.core.config.ConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * devices.configured reaches the registry without the admin contract in front of it: a value outside the
 * allowed names must stop the start with a message saying which names are allowed, not an enum exception.
 */
class ConfiguredDeviceRulesTest {
  private final DeviceRegistry registry = new DeviceRegistry(new InMemoryDeviceStore(),
    new CredentialCipher(new byte[32]), new AllowedNetworks(List.of("127.0.0.0/8")),
    new DeviceRegistry.DeviceDefaults(4, 64, 5000));

  private static JsonObject device(String key, Object value) {
    JsonObject device = new JsonObject().put("id", "conf-1").put("address", "http://127.0.0.1:9")
      .put("tls", new JsonObject().put("mode", "insecure"))
      .put("credentials", new JsonObject().put("username", "root").put("password", "calvin"));
    if (key.startsWith("tls.")) {
      device.getJsonObject("tls").put(key.substring(4), value);
    } else {
      device.put(key, value);
    }
    return device;
  }

  private String refusal(JsonObject device) {
    Throwable failure = failure(registry.registerConfigured(List.of(device)));
    assertInstanceOf(ConfigException.class, failure, String.valueOf(failure));
    return failure.getMessage();
  }

  @Test
  void anUnknownProxyModeNamesTheModes() {
    assertEquals("devices.configured (conf-1): 'weird' is not one of [pooled, passthrough].",
      refusal(device("mode", "weird")));
  }

  @Test
  void anUnknownAuthNamesTheWaysIn() {
    assertEquals("devices.configured (conf-1): 'kerberos' is not one of [session, basic, auto].",
      refusal(device("auth", "kerberos")));
  }

  @Test
  void anUnknownTlsModeNamesTheTlsModes() {
    assertEquals("devices.configured (conf-1): 'sometimes' is not one of [verify, pin, tofu, insecure].",
      refusal(device("tls.mode", "sometimes")));
  }
}
