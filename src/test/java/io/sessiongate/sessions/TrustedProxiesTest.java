package io.sessiongate.sessions;

import io.sessiongate.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedProxiesTest {
  @Test
  void addressesAndCidrBlocksOfBothFamiliesAreTrusted() {
    TrustedProxies proxies = TrustedProxies.parse("k", List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8"));
    assertTrue(proxies.trusts("10.200.3.4"));
    assertTrue(proxies.trusts("192.0.2.7"));
    assertFalse(proxies.trusts("192.0.2.8"));
    assertTrue(proxies.trusts("fd12::1"));
    assertFalse(proxies.trusts("fe80::1"));
    assertFalse(proxies.trusts("not-an-address"), "names are never looked up");
  }

  @Test
  void nothingIsTrustedByDefault() {
    assertFalse(TrustedProxies.parse("k", List.of()).trusts("127.0.0.1"));
  }

  @Test
  void aBadEntryNamesTheKey() {
    ConfigException bad = assertThrows(ConfigException.class,
      () -> TrustedProxies.parse("sessions-controller.trusted-proxies", List.of("proxy.example.com")));
    assertTrue(bad.getMessage().startsWith("sessions-controller.trusted-proxies: 'proxy.example.com'"), bad.getMessage());
    assertThrows(ConfigException.class, () -> TrustedProxies.parse("k", List.of("10.0.0.0/33")));
  }

  @Test
  void theForwardedClientCountsOnlyWhenATrustedProxySaysSo() {
    TrustedProxies proxies = TrustedProxies.parse("k", List.of("10.0.0.0/8"));
    assertEquals("203.0.113.5", proxies.clientAddress("203.0.113.5", List.of("198.51.100.1")),
      "a client cannot forge its address by sending the header itself");
    assertEquals("198.51.100.1", proxies.clientAddress("10.0.0.2", List.of("198.51.100.1")));
    assertEquals("198.51.100.1", proxies.clientAddress("10.0.0.2", List.of("192.0.2.66, 198.51.100.1, 10.0.0.9")),
      "read from the right, past trusted proxies, and no further");
    assertEquals("198.51.100.1", proxies.clientAddress("10.0.0.2", List.of("192.0.2.66", "198.51.100.1")),
      "several headers are one chain");
    assertEquals("10.0.0.2", proxies.clientAddress("10.0.0.2", List.of()), "no header: the proxy itself");
    assertEquals("10.0.0.9", proxies.clientAddress("10.0.0.2", List.of("garbage, 10.0.0.9")),
      "a hop that is not an address ends the chain");
    assertEquals("2001:db8::1", proxies.clientAddress("10.0.0.2", List.of("[2001:db8::1]")));
  }
}
