package io.sessiongate.deviceproxy.registry;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The {@code devices:} section: what the device proxy allows and how it treats BMCs. */
public record DeviceProxySettings(String credentialKey, AllowedNetworks allowedNetworks, String bmcDomain,
                                  int idleSessionSeconds, int breakerFailures, int breakerResetSeconds, int shards,
                                  DeviceRegistry.DeviceDefaults defaults, List<JsonObject> configuredDevices) {

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
      devices.integer("shards", 1, 4096),
      new DeviceRegistry.DeviceDefaults(
        devices.integer("default-max-sessions", 1, 64),
        devices.integer("default-max-concurrent-requests", 1, 4096),
        devices.integer("default-timeout-ms", 100, 120_000)),
      configured(devices.raw("configured")));
  }

  /** Same key for another node-generated credential key. */
  public DeviceProxySettings withCredentialKey(String key) {
    return new DeviceProxySettings(key, allowedNetworks, bmcDomain, idleSessionSeconds, breakerFailures,
      breakerResetSeconds, shards, defaults, configuredDevices);
  }

  /** devices.configured: registrations in the admin API's shape, checked enough here to name the bad entry. */
  private static List<JsonObject> configured(Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray) && raw.toString().trim().startsWith("[")) {
      // From the environment: SESSIONGATE_DEVICES_CONFIGURED='[{"id": "bmc1", ...}]'
      try {
        raw = new JsonArray(raw.toString());
      } catch (RuntimeException e) {
        throw new ConfigException("devices.configured (SESSIONGATE_DEVICES_CONFIGURED): not a JSON list: " + e.getMessage());
      }
    }
    if (!(raw instanceof JsonArray array)) {
      throw new ConfigException("devices.configured: must be a list of devices (YAML), e.g. "
        + "- {id: bmc1, address: \"https://10.0.0.5\", credentials: {username: root, password: calvin}}");
    }
    List<JsonObject> devices = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object entry = array.getValue(i);
      String where = "devices.configured[" + i + "]";
      if (!(entry instanceof JsonObject device)) {
        throw new ConfigException(where + ": must be a map with id, address and credentials");
      }
      if (!(device.getValue("id") instanceof String id) || !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw new ConfigException(where + ".id: must be lower-case letters, digits and dashes (1-63)");
      }
      if (!(device.getValue("address") instanceof String)) {
        throw new ConfigException(where + ".address: required, e.g. https://10.0.0.5:443");
      }
      if (!(device.getValue("credentials") instanceof JsonObject credentials)
        || !(credentials.getValue("username") instanceof String) || !(credentials.getValue("password") instanceof String)) {
        throw new ConfigException(where + ".credentials: required, {username: ..., password: ...}");
      }
      if (device.containsKey("tls") && !(device.getValue("tls") instanceof JsonObject)) {
        throw new ConfigException(where + ".tls: must be a map, e.g. {mode: pin, pinSha256: ...}");
      }
      devices.add(device);
    }
    return devices;
  }
}
