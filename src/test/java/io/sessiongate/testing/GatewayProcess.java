package io.sessiongate.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.sessiongate.testing.Await.await;

/**
 * A gateway node as a separate process: {@code java -jar target/sessiongate.jar run ...} (the shaded jar that
 * {@code mvn package} built), its output in a log file, an HTTPS client to it, and the two ways it can end:
 * {@link #kill()} (SIGKILL, as a crash) and {@link #terminate()} (SIGTERM, a drain).
 */
public final class GatewayProcess {
  private static final Pattern LISTENING = Pattern.compile("SessionGate listening on https?:[\\\\/]+[^:]+:(\\d+)"); // the JSON log escapes "/"

  private final String name;
  private final Process process;
  private final Path log;
  private final Vertx clientVertx;
  private WebClient client;

  private GatewayProcess(String name, Process process, Path log, Vertx clientVertx) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.clientVertx = clientVertx;
  }

  /** Starts the jar with {@code args}; {@code env} are SESSIONGATE_* variables (inherited ones are dropped). */
  public static GatewayProcess start(String name, List<String> args, Map<String, String> env, Path logDir,
                                     Vertx clientVertx) {
    String jar = System.getProperty("sessiongate.jar", "target/sessiongate.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("no " + jar + ": integration tests run after 'mvn package' (mvn -B verify)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-jar", jar));
    command.addAll(args);
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("SESSIONGATE_"));
      builder.environment().putAll(env);
      return new GatewayProcess(name, builder.start(), log, clientVertx);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Waits (bounded) for the start line, then connects the client to the port it names. */
  public GatewayProcess awaitListening(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      Matcher listening = LISTENING.matcher(log());
      if (listening.find()) {
        client = WebClient.create(clientVertx, new WebClientOptions()
          .setSsl(true).setTrustAll(true).setVerifyHost(false)
          .setDefaultHost("127.0.0.1").setDefaultPort(Integer.parseInt(listening.group(1)))
          .setProtocolVersion(HttpVersion.HTTP_1_1));
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before listening:\n" + log());
      }
      // The gateway is a process of its own: its log is read again after a moment.
      Thread.sleep(100);
    }
    throw new AssertionError(name + " did not start within " + timeoutMillis + " ms:\n" + log());
  }

  public String name() {
    return name;
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

  /** A gateway token for {@code login}. */
  public String token(String login, String password) {
    HttpResponse<Buffer> response = send(request(HttpMethod.POST, "/auth/token"),
      new JsonObject().put("login", login).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError(name + ": login of " + login + " failed: " + response.statusCode() + " "
        + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("token");
  }

  /** The data of the {@code cluster} check of {@code /health/ready}: members, duties held, draining. */
  public JsonObject cluster() {
    HttpResponse<Buffer> ready = send(request(HttpMethod.GET, "/health/ready"));
    return ready.bodyAsJsonObject().getJsonArray("checks").stream()
      .map(JsonObject.class::cast)
      .filter(check -> "cluster".equals(check.getString("id")))
      .findFirst().orElseThrow(() -> new AssertionError(name + ": no cluster check in " + ready.bodyAsString()))
      .getJsonObject("data");
  }

  /** The sum of the Prometheus series named {@code name} (all their tags) at {@code /metrics}; 0 when none. */
  public double metric(String name) {
    HttpResponse<Buffer> scraped = send(request(HttpMethod.GET, "/metrics"));
    if (scraped.statusCode() != 200) {
      throw new AssertionError(this.name + ": /metrics answered " + scraped.statusCode());
    }
    return scraped.bodyAsString().lines()
      .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
      .sum();
  }

  public boolean holds(String duty) {
    return cluster().getJsonArray("duties").contains(duty);
  }

  /** SIGKILL: the process ends at once, nothing is drained or released. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " survived SIGKILL for 10 s");
    }
    closeClient();
  }

  /** SIGTERM: the node drains and stops; returns once the process has exited (bounded). */
  public void terminate(long timeoutMillis) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not stop within " + timeoutMillis + " ms of SIGTERM:\n" + log());
    }
    closeClient();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Ends the process if the test left it running (after a failure). */
  public void destroyIfAlive() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    closeClient();
  }

  private void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
