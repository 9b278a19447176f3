package io.sessiongate.symphony;

import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

/**
 * The {@code symphony:} section, read and checked once at start.
 *
 * @param minuteMillis how long a "minute" of {@code sessionTTLInMinutes} is: 60000 in production; tests shrink it
 *                     so expiry can be seen in a second
 * @param sweepMillis  how often the session verticle deletes expired sessions (reads never see an expired one)
 */
public record SymphonySettings(String basePath, ApplicationRegistry applications, long minuteMillis, long sweepMillis) {

  public static SymphonySettings from(GatewayConfig config) {
    ConfigReader section = config.section("symphony");
    return new SymphonySettings(
      section.pathPrefix("base-path"),
      ApplicationRegistry.fromSetting("symphony.applications", section.raw("applications")),
      section.integer("ttl-minute-millis", 10, 3_600_000),
      section.integer("expiry-sweep-millis", 10, 3_600_000));
  }
}
