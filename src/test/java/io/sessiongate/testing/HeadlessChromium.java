package io.sessiongate.testing;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.sessiongate.testing.Await.await;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the Chrome DevTools Protocol: one page, a
 * WebSocket from Vert.x's client, JavaScript evaluated in the page, screenshots. For tests of what a browser
 * shows; the gateway's dev certificate is self-signed, so certificate errors are ignored.
 */
public final class HeadlessChromium implements AutoCloseable {
  private final Process process;
  private final Path profile;
  private final Vertx vertx = Vertx.vertx();
  private final WebSocket page;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final Deque<String> log;

  private HeadlessChromium(Process process, Path profile, URI pageSocket, Deque<String> log) {
    this.log = log;
    this.process = process;
    this.profile = profile;
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20));
    // No Origin header: Chromium refuses DevTools WebSockets from origins it was not told to allow.
    this.page = await(client.connect(new WebSocketConnectOptions().setHost(pageSocket.getHost())
      .setPort(pageSocket.getPort()).setURI(pageSocket.getPath()).setAllowOriginHeader(false)));
    page.textMessageHandler(text -> {
      JsonObject message = new JsonObject(text);
      Promise<JsonObject> waiting = message.containsKey("id") ? pending.remove(message.getLong("id")) : null;
      if (waiting == null) {
        return;
      }
      if (message.containsKey("error")) {
        waiting.fail(message.getJsonObject("error").encode());
      } else {
        waiting.complete(message.getJsonObject("result"));
      }
    });
  }

  /** Starts Chromium with a fresh profile and attaches to its one page. */
  public static HeadlessChromium start(int width, int height) {
    try {
      Path profile = Files.createTempDirectory("sessiongate-chromium-");
      Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-dev-shm-usage", "--ignore-certificate-errors", "--no-first-run",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
      Deque<String> log = new ConcurrentLinkedDeque<>();
      URI browserSocket = devToolsAddress(process, log);
      return new HeadlessChromium(process, profile, pageSocket(browserSocket), log);
    } catch (IOException e) {
      throw new IllegalStateException("could not start chromium (apt-get install -y chromium): " + e.getMessage(), e);
    }
  }

  /** Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" once it listens. */
  private static URI devToolsAddress(Process process, Deque<String> log) throws IOException {
    CompletableFuture<URI> address = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          log.add(line);
          if (log.size() > 40) {
            log.poll();
          }
          int at = line.indexOf("ws://");
          if (line.startsWith("DevTools listening on") && at >= 0) {
            address.complete(URI.create(line.substring(at).trim()));
          }
        }
        address.completeExceptionally(new IOException("chromium exited without a DevTools address"));
      } catch (IOException e) {
        address.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return address.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("chromium gave no DevTools address: " + e.getMessage(), e);
    }
  }

  /** The WebSocket of the page Chromium opened (from its /json/list). */
  private static URI pageSocket(URI browserSocket) throws IOException {
    try {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      String list = http.send(java.net.http.HttpRequest.newBuilder(
          URI.create("http://" + browserSocket.getHost() + ":" + browserSocket.getPort() + "/json/list")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      return new io.vertx.core.json.JsonArray(list).stream().map(JsonObject.class::cast)
        .filter(target -> "page".equals(target.getString("type")))
        .map(target -> URI.create(target.getString("webSocketDebuggerUrl")))
        .findFirst().orElseThrow(() -> new IOException("chromium has no page: " + list));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonObject command(String method, JsonObject params) {
    long id = ids.incrementAndGet();
    Promise<JsonObject> result = Promise.promise();
    pending.put(id, result);
    try {
      await(page.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode()));
      return await(result.future());
    } catch (RuntimeException e) {
      throw new IllegalStateException("DevTools command " + method + " failed: " + e.getMessage()
        + (process.isAlive() ? "" : "; chromium exited with " + process.exitValue())
        + "; chromium's last words:\n" + String.join("\n", log), e);
    }
  }

  public void navigate(String url) {
    command("Page.navigate", new JsonObject().put("url", url));
  }

  /** The value of a JavaScript expression in the page (awaited when it is a promise). */
  public Object evaluate(String expression) {
    JsonObject result = command("Runtime.evaluate", new JsonObject().put("expression", expression)
      .put("returnByValue", true).put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new IllegalStateException("the page threw: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result").getValue("value");
  }

  /** Evaluates {@code expression} until it is true, or fails after {@code timeout} saying what it waited for. */
  public void waitUntil(String what, String expression, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Boolean.TRUE.equals(evaluate(expression))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page did not show " + what + " within " + timeout.toSeconds() + " s");
      }
      Await.pause(100);
    }
  }

  /** A PNG of the whole page. */
  public void screenshot(Path file) {
    JsonObject shot = command("Page.captureScreenshot", new JsonObject().put("format", "png")
      .put("captureBeyondViewport", true));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode(shot.getString("data")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }


  @Override
  public void close() {
    page.close();
    await(vertx.close());
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temporary profile is harmless.
    }
  }
}
