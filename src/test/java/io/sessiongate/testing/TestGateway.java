package io.sessiongate.testing;

import io.sessiongate.Gateway;
import io.sessiongate.core.config.ConfigLoader;
import io.sessiongate.core.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static io.sessiongate.testing.Await.await;

/**
 * A whole gateway started the way {@code run} starts it (real HTTPS with the generated dev certificate,
 * real store), plus a client that talks to it over TLS. {@code settings} are key paths as in the YAML file.
 */
public final class TestGateway implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private final Gateway gateway;
  private final Vertx clientVertx;
  private final WebClient client;
  private final Path dataDir;

  private TestGateway(Gateway gateway, Path dataDir) {
    this.gateway = gateway;
    this.dataDir = dataDir;
    this.clientVertx = Vertx.vertx();
    this.client = WebClient.create(clientVertx, new WebClientOptions()
      .setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setDefaultHost("127.0.0.1").setDefaultPort(gateway.port())
      .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_1_1));
  }

  public static TestGateway inMemory(Map<String, String> settings) {
    return inMemory(settings, Clock.systemUTC());
  }

  /** On {@code clock}: expiry, lockout and inactivity come when the test advances it. */
  public static TestGateway inMemory(Map<String, String> settings, Clock clock) {
    return start(withDefaults(settings, Map.of("store", "memory")), null, clock);
  }

  /** On the shared test PostgreSQL, in a database of its own unless {@code pg.uri} is given. */
  public static TestGateway onPostgres(String purpose, Map<String, String> settings) {
    return onPostgres(purpose, settings, Clock.systemUTC());
  }

  public static TestGateway onPostgres(String purpose, Map<String, String> settings, Clock clock) {
    Map<String, String> all = new HashMap<>(settings);
    all.putIfAbsent("store", "postgres");
    all.computeIfAbsent("pg.uri", k -> PostgresServer.shared().newDatabase(purpose));
    return start(all, null, clock);
  }

  /** Starts again on the same data directory (same JWT key and certificate), as a restart would. */
  public static TestGateway restart(Map<String, String> settings, Path dataDir) {
    return start(settings, dataDir, Clock.systemUTC());
  }

  private static Map<String, String> withDefaults(Map<String, String> settings, Map<String, String> defaults) {
    Map<String, String> all = new HashMap<>(defaults);
    all.putAll(settings);
    return all;
  }

  private static TestGateway start(Map<String, String> settings, Path existingDataDir, Clock clock) {
    try {
      Path dataDir = existingDataDir != null ? existingDataDir : Files.createTempDirectory("sessiongate-test-");
      Map<String, String> env = new HashMap<>();
      env.put(ConfigLoader.envName("http.port"), "0");
      env.put(ConfigLoader.envName("http.instances"), "1");
      env.put(ConfigLoader.envName("data-dir"), dataDir.toString());
      env.put(ConfigLoader.envName("admin.password"), ADMIN_PASSWORD);
      settings.forEach((key, value) -> env.put(ConfigLoader.envName(key), value));
      Vertx reader = Vertx.vertx();
      GatewayConfig config;
      try {
        config = await(ConfigLoader.load(reader, null, env));
      } finally {
        reader.close();
      }
      return new TestGateway(await(Gateway.start(config.withClock(clock))), dataDir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Gateway gateway() {
    return gateway;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return gateway.port();
  }

  public HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return client.request(method, uri);
  }

  public HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return await(request.send());
  }

  public HttpResponse<Buffer> send(HttpRequest<Buffer> request, JsonObject body) {
    return await(request.sendJsonObject(body));
  }

  public HttpResponse<Buffer> sendRaw(HttpRequest<Buffer> request, String contentType, String body) {
    return await(request.putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)));
  }

  /** A gateway token for {@code login}. */
  public String token(String login, String password) {
    HttpResponse<Buffer> response = send(request(HttpMethod.POST, "/auth/token"),
      new JsonObject().put("login", login).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError("login of " + login + " failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("token");
  }

  public String adminToken() {
    return token("admin", ADMIN_PASSWORD);
  }

  /** Stops the gateway but keeps its data directory (for restart tests). */
  public void stopKeepingData() {
    client.close();
    await(clientVertx.close());
    await(gateway.stop());
  }

  @Override
  public void close() {
    stopKeepingData();
  }
}
