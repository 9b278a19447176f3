package io.sessiongate.sessions;

import io.sessiongate.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeVersionTest {
  @Test
  void versionsCompareByTheirLeadingNumbers() {
    NodeVersion minimum = NodeVersion.parse("5.1");
    assertFalse(NodeVersion.parse("5.1.0-23").isOlderThan(minimum), "5.1.0 is 5.1");
    assertFalse(NodeVersion.parse("5.10").isOlderThan(minimum), "numbers, not text");
    assertFalse(NodeVersion.parse("6 build 7").isOlderThan(minimum));
    assertTrue(NodeVersion.parse("5.0.9").isOlderThan(minimum));
    assertTrue(NodeVersion.parse("4").isOlderThan(minimum));
  }

  @Test
  void aVersionMustStartWithANumber() {
    assertNull(NodeVersion.parse("nightly"));
    assertThrows(ConfigException.class, () -> NodeVersion.parseSetting("sessions-controller.min-node-version", "latest"));
  }
}
