package io.sessiongate.core.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The whole configuration, typed and validated once at start, and the clock the node reads the time from
 * for expiry, lockout and inactivity: the system's, or a test's that advances time ({@link #withClock}).
 */
public record GatewayConfig(
  Path dataDir,
  Http http,
  Tls tls,
  StoreKind store,
  Pg pg,
  Auth auth,
  String adminPassword,
  LogFormat logFormat,
  boolean clusterEnabled,
  JsonObject raw,
  Clock clock) {

  public enum StoreKind { MEMORY, POSTGRES }

  public enum TlsEngine { OPENSSL, JDK }

  public enum LogFormat { TEXT, JSON }

  public record Http(String host, int port, int redirectPort, int instances, int maxBodyBytes,
                     int maxHeaderBytes, boolean accessLog, int shutdownGraceSeconds) {
  }

  public record Tls(boolean enabled, String certFile, String keyFile, TlsEngine engine) {
  }

  public record Pg(String uri, int poolSize, boolean migrateAtStart, int acquireTimeoutMillis, int statementTimeoutMillis,
                   int listenReconnectMillis) {
  }

  public record Auth(String jwtSecret, int tokenTtlSeconds, int hashThreads, int hashQueueLimit,
                     int credentialCacheSeconds, int tokenCacheSize) {
  }

  public static GatewayConfig from(JsonObject json) {
    ConfigReader root = new ConfigReader(json, "");
    ConfigReader http = root.section("http");
    ConfigReader tls = root.section("tls");
    ConfigReader pg = root.section("pg");
    ConfigReader auth = root.section("auth");
    GatewayConfig config = new GatewayConfig(
      Path.of(root.string("data-dir").isBlank() ? "./data" : root.string("data-dir")),
      new Http(
        http.string("host"),
        http.integer("port", 0, 65535),
        http.integer("redirect-port", 0, 65535),
        http.integer("instances", 0, 256),
        http.integer("max-body-bytes", 1024, Integer.MAX_VALUE),
        http.integer("max-header-bytes", 1024, 1 << 20),
        http.bool("access-log"),
        http.integer("shutdown-grace-seconds", 0, 3600)),
      new Tls(tls.bool("enabled"), tls.string("cert-file"), tls.string("key-file"),
        tls.choice("engine", TlsEngine.class)),
      root.choice("store", StoreKind.class),
      new Pg(pg.string("uri"), pg.integer("pool-size", 1, 1024), pg.bool("migrate-at-start"),
        pg.integer("acquire-timeout-ms", 50, 600_000), pg.integer("statement-timeout-ms", 50, 600_000),
        pg.integer("listen-reconnect-ms", 10, 600_000)),
      new Auth(auth.string("jwt-secret"),
        auth.integer("token-ttl-seconds", 60, 31_536_000),
        auth.integer("hash-threads", 1, 256),
        auth.integer("hash-queue-limit", 1, 1_000_000),
        auth.integer("credential-cache-seconds", 0, 3600),
        auth.integer("token-cache-size", 100, 100_000_000)),
      root.section("admin").string("password"),
      root.section("log").choice("format", LogFormat.class),
      root.section("cluster").bool("enabled"),
      json,
      Clock.systemUTC());
    config.check();
    return config;
  }

  /** The same configuration on another clock; no setting chooses the clock, a test harness does. */
  public GatewayConfig withClock(Clock other) {
    return new GatewayConfig(dataDir, http, tls, store, pg, auth, adminPassword, logFormat, clusterEnabled, raw, other);
  }

  /** The settings of one API slice ({@code redfish:}, {@code murano:}, ...), read and checked by that slice. */
  public ConfigReader section(String name) {
    return new ConfigReader(raw, "").section(name);
  }

  private void check() {
    if (store == StoreKind.POSTGRES) {
      if (pg.uri().isBlank()) {
        throw new ConfigException("pg.uri (SESSIONGATE_PG_URI): required when store is postgres, "
          + "e.g. postgresql://user:password@127.0.0.1:5432/sessiongate");
      }
      PgUri.parse(pg.uri());
    }
    if (tls.certFile().isBlank() != tls.keyFile().isBlank()) {
      throw new ConfigException("tls.cert-file and tls.key-file: give both PEM files or neither");
    }
    if (clusterEnabled && store != StoreKind.POSTGRES) {
      throw new ConfigException("cluster.enabled (SESSIONGATE_CLUSTER_ENABLED): a cluster needs store: postgres, "
        + "so every node sees the same sessions");
    }
  }

  /** A PostgreSQL connection URI, checked at start so a typo does not surface as a connection error later. */
  public record PgUri(String host, int port, String database, String user, String password) {
    public static PgUri parse(String text) {
      URI uri;
      try {
        uri = URI.create(text.trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("pg.uri: not a URI: " + e.getMessage());
      }
      if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
        throw new ConfigException("pg.uri: must start with postgresql://, got '" + text + "'");
      }
      if (uri.getHost() == null) {
        throw new ConfigException("pg.uri: has no host: '" + text + "'");
      }
      String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
      String user = "postgres";
      String password = null;
      if (uri.getUserInfo() != null) {
        String[] parts = uri.getUserInfo().split(":", 2);
        user = parts[0];
        password = parts.length > 1 ? parts[1] : null;
      }
      return new PgUri(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
  }
}
