package io.sessiongate.core.ops;

import io.sessiongate.testing.Await;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's cached HTTP server and client meters export what vertx-micrometer-metrics exports: the same
 * meters (names, descriptions, tags) with the same counts, for the same requests to the same server.
 */
class HttpServerMetersTest {
  @Test
  void theCachedServerMetersExportWhatVertxExports() throws InterruptedException {
    Map<String, String> vertx = serveAndMeasure(MicrometerMetricsFactory::new, "http.server");
    Map<String, String> cached = serveAndMeasure(GatewayMetricsFactory::new, "http.server");
    assertTrue(vertx.keySet().stream().anyMatch(id -> id.contains("requests") && id.contains("code=404")), vertx.toString());
    assertEquals(vertx, cached);
  }

  @Test
  void theCachedClientMetersExportWhatVertxExports() throws InterruptedException {
    Map<String, String> vertx = serveAndMeasure(MicrometerMetricsFactory::new, "http.client");
    Map<String, String> cached = serveAndMeasure(GatewayMetricsFactory::new, "http.client");
    assertTrue(vertx.keySet().stream().anyMatch(id -> id.contains("responses") && id.contains("code=404")), vertx.toString());
    assertTrue(vertx.keySet().stream().anyMatch(id -> id.contains("active.requests") && id.contains("method=POST")),
      vertx.toString());
    assertEquals(vertx, cached);
  }

  /**
   * Serves 3 x 204, 2 x 404 and a POST; answers each HTTP meter whose name has {@code domain} (id, description)
   * with its count.
   */
  private static Map<String, String> serveAndMeasure(Function<MeterRegistry, VertxMetricsFactory> factory,
                                                     String domain) throws InterruptedException {
    MeterRegistry registry = new SimpleMeterRegistry();
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    Vertx vertx = Vertx.builder().with(options).withMetrics(factory.apply(registry)).build();
    try {
      HttpServer server = await(vertx.createHttpServer().requestHandler(request -> request.response()
        .setStatusCode(request.path().equals("/ok") ? 204 : 404).end()).listen(0, "127.0.0.1"));
      HttpClient client = vertx.createHttpClient();
      // Each body is asked for inside send's continuation, on the event loop as the answer arrives: chained from
      // this thread, the continuation can be added after the answer has ended and wait for a body already gone.
      for (String path : new String[] {"/ok", "/ok", "/missing", "/ok", "/missing"}) {
        await(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
          .compose(request -> request.send().compose(response -> response.body())));
      }
      await(client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/ok")
        .compose(request -> request.send("body").compose(response -> response.body())));
      await(client.close());
      Await.until("the server saw its connections close", java.time.Duration.ofSeconds(10),
        () -> registry.get("vertx.http.server.active.connections").gauge().value() == 0);
      await(server.close());
      Map<String, String> meters = new TreeMap<>();
      for (Meter meter : registry.getMeters()) {
        Meter.Id id = meter.getId();
        if (id.getName().startsWith("vertx." + domain) || id.getName().startsWith("vertx_" + domain.replace('.', '_'))) {
          StringBuilder value = new StringBuilder(String.valueOf(id.getDescription())).append(' ').append(id.getType());
          meter.measure().forEach(m -> {
            if (!m.getStatistic().name().contains("TIME") && !m.getStatistic().name().equals("MAX")) {
              value.append(' ').append(m.getStatistic()).append('=').append(m.getValue());
            }
          });
          meters.put(id.getName() + id.getTags(), value.toString());
        }
      }
      return meters;
    } finally {
      await(vertx.close());
    }
  }
}
