package io.sessiongate.murano;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

import java.net.URI;

/** The {@code murano} section of the configuration, checked once at start. */
public record MuranoSettings(String basePath, DeployerKind deployer, URI deployerUrl, int deployerTimeoutMs,
                             ReportBase reportBase) {
  /** builtin: a deploy applies the draft at once; webhook: an HTTP endpoint decides (2xx = deployed). */
  public enum DeployerKind { BUILTIN, WEBHOOK }

  /**
   * Where the deployer posts its reports (and their secret): {@code configured} (murano.report-base-url),
   * else this gateway's own listen address, never what a caller's Host header claims (a caller could send the
   * deployer, with a deployment's secret, to a host of its choosing). A wildcard listen host stands for the
   * loopback address; a listen port of 0 for the port the request arrived on (the one the gateway bound).
   */
  public record ReportBase(String configured, String scheme, String host, int port) {
    /** The gateway's base URL (without the Murano base path), for a request that arrived on {@code boundPort}. */
    public String url(int boundPort) {
      return !configured.isEmpty() ? configured : scheme + "://" + host + ":" + (port != 0 ? port : boundPort);
    }

    static ReportBase from(String configured, GatewayConfig config) {
      String listen = config.http().host().trim();
      String host = listen.isEmpty() || "0.0.0.0".equals(listen) ? "127.0.0.1"
        : "::".equals(listen) || "[::]".equals(listen) ? "[::1]"
        : listen.contains(":") && !listen.startsWith("[") ? "[" + listen + "]"
        : listen;
      return new ReportBase(checked(configured), config.tls().enabled() ? "https" : "http", host, config.http().port());
    }

    private static String checked(String configured) {
      String url = configured.trim();
      if (url.isEmpty()) {
        return "";
      }
      URI parsed;
      try {
        parsed = URI.create(url);
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
      if (parsed == null || parsed.getHost() == null || parsed.getQuery() != null || parsed.getFragment() != null
        || !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
        throw new ConfigException("murano.report-base-url (SESSIONGATE_MURANO_REPORT_BASE_URL): must be empty or an "
          + "http(s) URL without query, such as https://gateway.example:8443, got '" + configured + "'");
      }
      return url.replaceAll("/+$", "");
    }
  }

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
      deployer.integer("timeout-ms", 50, 3_600_000), ReportBase.from(murano.string("report-base-url"), config));
  }

  /**
   * How long the node that starts a deployment owns it: the deployer's timeout plus as much again for
   * recording the outcome. Past it, any node takes the deployment over (its owner is presumed dead).
   */
  public long leaseMillis() {
    return 2L * deployerTimeoutMs;
  }
}
