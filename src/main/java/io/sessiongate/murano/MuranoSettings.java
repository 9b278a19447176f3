package io.sessiongate.murano;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

import java.net.URI;

/** The {@code murano} section of the configuration, checked once at start. */
public record MuranoSettings(String basePath, DeployerKind deployer, URI deployerUrl, int deployerTimeoutMs) {
  /** builtin: a deploy applies the draft at once; webhook: an HTTP endpoint decides (2xx = deployed). */
  public enum DeployerKind { BUILTIN, WEBHOOK }

  public static MuranoSettings from(GatewayConfig config) {
    ConfigReader murano = config.section("murano");
    ConfigReader deployer = murano.section("deployer");
    DeployerKind kind = deployer.choice("type", DeployerKind.class);
    String url = deployer.string("url").trim();
    URI target = null;
    if (kind == DeployerKind.WEBHOOK) {
      try {
        target = URI.create(url);
      } catch (IllegalArgumentException e) {
        target = null;
      }
      if (target == null || target.getHost() == null
        || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))) {
        throw new ConfigException("murano.deployer.url (SESSIONGATE_MURANO_DEPLOYER_URL): must be an http(s) URL "
          + "when murano.deployer.type is webhook, got '" + url + "'");
      }
    }
    return new MuranoSettings(murano.pathPrefix("base-path"), kind, target,
      deployer.integer("timeout-ms", 50, 3_600_000));
  }

  /**
   * How long the node that starts a deployment owns it: the deployer's timeout plus as much again for
   * recording the outcome. Past it, any node takes the deployment over (its owner is presumed dead).
   */
  public long leaseMillis() {
    return 2L * deployerTimeoutMs;
  }
}
