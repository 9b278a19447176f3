package io.sessiongate.microbench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sessiongate.core.ops.GatewayMetricsFactory;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the HTTP server's meters cost per request (request begin, request end, response end, as the server
 * reports a GET answered 204): vertx-micrometer-metrics' own, and the gateway's, which look meters up once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HttpMetersBenchmark {
  private HttpServerMetrics<Object, Object, Object> vertxMeters;
  private HttpServerMetrics<Object, Object, Object> gatewayMeters;
  private Object vertxSocket;
  private Object gatewaySocket;
  private final HttpRequest request = new HttpRequest() {
    @Override public int id() { return 1; }
    @Override public String uri() { return "/api/session"; }
    @Override public String absoluteURI() { return "https://127.0.0.1/api/session"; }
    @Override public HttpMethod method() { return HttpMethod.GET; }
    @Override public MultiMap headers() { return MultiMap.caseInsensitiveMultiMap(); }
    @Override public SocketAddress remoteAddress() { return SocketAddress.inetSocketAddress(40000, "127.0.0.1"); }
  };
  private final HttpResponse response = new HttpResponse() {
    @Override public int statusCode() { return 204; }
    @Override public MultiMap headers() { return MultiMap.caseInsensitiveMultiMap(); }
  };

  @Setup(Level.Trial)
  public void setUp() {
    vertxMeters = serverMetrics(new MicrometerMetricsFactory(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    gatewayMeters = serverMetrics(new GatewayMetricsFactory(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    vertxSocket = vertxMeters.connected(request.remoteAddress(), "127.0.0.1");
    gatewaySocket = gatewayMeters.connected(request.remoteAddress(), "127.0.0.1");
  }

  @SuppressWarnings("unchecked")
  private static HttpServerMetrics<Object, Object, Object> serverMetrics(VertxMetricsFactory factory) {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    return (HttpServerMetrics<Object, Object, Object>) factory.metrics(options)
      .createHttpServerMetrics(new HttpServerOptions(), SocketAddress.inetSocketAddress(8443, "127.0.0.1"));
  }

  @Benchmark
  public void vertxMicrometerPerRequest() {
    exchange(vertxMeters, vertxSocket);
  }

  @Benchmark
  public void gatewayCachedPerRequest() {
    exchange(gatewayMeters, gatewaySocket);
  }

  private void exchange(HttpServerMetrics<Object, Object, Object> meters, Object socket) {
    Object metric = meters.requestBegin(socket, request);
    meters.requestEnd(metric, request, 0);
    meters.responseEnd(metric, response, 0);
  }
}
