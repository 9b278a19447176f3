package io.sessiongate.sessions;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

/**
 * The {@code sessions-controller} section of the configuration, read and checked once at start.
 *
 * @param basePath        where the contract's paths are mounted ("/api", as the real server)
 * @param cookieName      the session cookie
 * @param sessionTtlSeconds how long a session token lives
 * @param lockout         failed-login counting and the back-off it leads to
 * @param minNodeVersion  oldest node software version accepted by node login (null: any)
 * @param trustedProxies  who may tell the client address in X-Forwarded-For
 */
record SessionsControllerSettings(String basePath, String cookieName, int sessionTtlSeconds, LockoutPolicy lockout,
                                  NodeVersion minNodeVersion, TrustedProxies trustedProxies) {
  static final String SECTION = "sessions-controller";

  static SessionsControllerSettings from(GatewayConfig config) {
    ConfigReader section = config.section(SECTION);
    String cookieName = section.string("cookie-name").trim();
    if (!cookieName.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException(SECTION + ".cookie-name: must be a cookie name "
        + "(letters, digits, '_', '.', '-'), got '" + cookieName + "'");
    }
    String minVersion = section.string("min-node-version").trim();
    return new SessionsControllerSettings(
      section.pathPrefix("base-path"),
      cookieName,
      // Revocations are kept for a day (RevocationRegistry), so no session may outlive that.
      section.integer("session-ttl-seconds", 1, 86_400),
      new LockoutPolicy(
        section.integer("max-failed-logins", 1, 1000),
        section.integer("failed-login-window-seconds", 1, 86_400) * 1000L,
        section.integer("lockout-seconds", 1, 86_400) * 1000L,
        section.integer("max-lockout-seconds", 1, 86_400) * 1000L),
      minVersion.isEmpty() ? null : NodeVersion.parseSetting(SECTION + ".min-node-version", minVersion),
      TrustedProxies.parse(SECTION + ".trusted-proxies", section.strings("trusted-proxies")));
  }
}
