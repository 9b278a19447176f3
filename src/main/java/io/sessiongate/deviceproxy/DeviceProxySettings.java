package io.sessiongate.deviceproxy;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

import java.util.Base64;
import java.util.List;

/** The {@code devices:} section: what the device proxy allows and how it treats BMCs. */
public record DeviceProxySettings(String credentialKey, AllowedNetworks allowedNetworks, String bmcDomain,
                                  int idleSessionSeconds, int breakerFailures, int breakerResetSeconds,
                                  DeviceRegistry.DeviceDefaults defaults) {

  public static DeviceProxySettings from(GatewayConfig config) {
    ConfigReader devices = config.section("devices");
    String key = devices.string("credential-key");
    if (!key.isBlank()) {
      try {
        if (Base64.getDecoder().decode(key.trim()).length != 32) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException("devices.credential-key (SESSIONGATE_DEVICES_CREDENTIAL_KEY): must be 32 bytes, base64");
      }
    }
    List<String> networks = devices.strings("allowed-networks");
    AllowedNetworks allowed;
    try {
      allowed = new AllowedNetworks(networks);
    } catch (RuntimeException e) {
      throw new ConfigException("devices.allowed-networks: " + e.getMessage() + " (CIDR blocks, e.g. 10.0.0.0/8)");
    }
    String domain = devices.string("bmc-domain").trim();
    if (!domain.isEmpty() && !domain.matches("[A-Za-z0-9.-]+")) {
      throw new ConfigException("devices.bmc-domain: must be a DNS name such as bmc.example.com, got '" + domain + "'");
    }
    return new DeviceProxySettings(key.trim(), allowed, domain.toLowerCase(),
      devices.integer("idle-session-seconds", 1, 86_400),
      devices.integer("breaker-failures", 1, 1000),
      devices.integer("breaker-reset-seconds", 1, 3600),
      new DeviceRegistry.DeviceDefaults(
        devices.integer("default-max-sessions", 1, 64),
        devices.integer("default-max-concurrent-requests", 1, 4096),
        devices.integer("default-timeout-ms", 100, 120_000)));
  }
}
