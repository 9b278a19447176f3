package io.sessiongate.aggregation;

import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

/**
 * The {@code aggregation:} section: how long an ended task stays readable, and the lease of the node running a
 * task (renewed every third of it; a task whose lease ran out is taken over by the node sweeping tasks, which
 * looks every third of it too).
 */
record FleetTaskSettings(long expiryMillis, long leaseMillis) {
  static final FleetTaskSettings DEFAULTS = new FleetTaskSettings(3_600_000, 15_000);

  static FleetTaskSettings from(GatewayConfig config) {
    ConfigReader section = config.section("aggregation");
    return new FleetTaskSettings(section.integer("task-expiry-seconds", 1, 30 * 86_400) * 1000L,
      section.integer("task-lease-seconds", 1, 3600) * 1000L);
  }

  long sweepMillis() {
    return Math.max(300, leaseMillis / 3);
  }
}
