package io.sessiongate.core.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsNaming;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's per-request meters, the same names, descriptions and tags as vertx-micrometer-metrics
 * with its default labels ({@code method}, {@code code}), but each meter looked up once per method and
 * status and then kept: Vert.x's own builds a tagged meter id and looks it up in the registry four times
 * per request. Connections, bytes, errors and websockets stay with Vert.x's implementation ({@code vertx}).
 */
final class HttpServerMeters extends TcpMetricsDelegate implements HttpServerMetrics<HttpServerMeters.Exchange, Object, Object> {
  /** The labels this class reproduces; with any other set the gateway keeps Vert.x's implementation. */
  static final java.util.Set<Label> REPRODUCED = java.util.EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE);

  private final HttpServerMetrics<Object, Object, Object> vertx;
  private final MeterRegistry registry;
  private final MetricsNaming names;
  private final ConcurrentMap<HttpMethod, PerMethod> byMethod = new ConcurrentHashMap<>();

  /** One request and its response, as the server reports them. */
  static final class Exchange extends ActiveRequest {
    private final PerMethod meters;

    private Exchange(PerMethod meters) {
      super(meters.active);
      this.meters = meters;
    }
  }

  private final class PerMethod {
    private final Tags tags;
    private final LongAdder active = new LongAdder();
    private final DistributionSummary requestBytes;
    private volatile Counter resets;
    private final ByStatus<PerStatus> byStatus;

    private PerMethod(HttpMethod method) {
      tags = Tags.of(Label.HTTP_METHOD.toString(), method.toString());
      byStatus = new ByStatus<>(code -> new PerStatus(tags.and(Label.HTTP_CODE.toString(), String.valueOf(code))));
      Gauge.builder(names.getHttpActiveRequests(), active, LongAdder::doubleValue)
        .description("Number of requests being processed").tags(tags).register(registry);
      requestBytes = DistributionSummary.builder(names.getHttpRequestBytes()).description("Size of requests in bytes")
        .tags(tags).register(registry);
    }

    private PerStatus status(int code) {
      return byStatus.get(code);
    }
  }

  private final class PerStatus {
    private final Counter requests;
    private final Timer responseTime;
    private final DistributionSummary responseBytes;

    private PerStatus(Tags tags) {
      requests = Counter.builder(names.getHttpRequestsCount()).description("Number of processed requests")
        .tags(tags).register(registry);
      responseTime = Timer.builder(names.getHttpResponseTime()).description("Request processing time")
        .tags(tags).register(registry);
      responseBytes = DistributionSummary.builder(names.getHttpResponseBytes()).description("Size of responses in bytes")
        .tags(tags).register(registry);
    }
  }

  @SuppressWarnings("unchecked")
  HttpServerMeters(HttpServerMetrics<?, ?, ?> vertx, MeterRegistry registry, MetricsNaming names) {
    super(vertx);
    this.vertx = (HttpServerMetrics<Object, Object, Object>) vertx;
    this.registry = registry;
    this.names = names;
  }

  private PerMethod meters(HttpMethod method) {
    PerMethod known = byMethod.get(method);
    return known != null ? known : byMethod.computeIfAbsent(method, PerMethod::new);
  }

  @Override
  public Exchange requestBegin(Object socket, HttpRequest request) {
    return new Exchange(meters(request.method()));
  }

  @Override
  public void requestEnd(Exchange exchange, HttpRequest request, long bytesRead) {
    exchange.meters.requestBytes.record(bytesRead);
    exchange.ended(true);
  }

  @Override
  public void requestReset(Exchange exchange) {
    PerMethod meters = exchange.meters;
    if (meters.resets == null) {
      // Registered at the first reset, as Vert.x does: most servers never export it.
      meters.resets = Counter.builder(names.getHttpRequestResetsCount()).description("Number of request resets")
        .tags(meters.tags).register(registry);
    }
    meters.resets.increment();
    exchange.reset();
  }

  @Override
  public Exchange responsePushed(Object socket, HttpMethod method, String uri, HttpResponse response) {
    return new Exchange(meters(method));
  }

  @Override
  public void responseEnd(Exchange exchange, HttpResponse response, long bytesWritten) {
    PerStatus status = exchange.meters.status(response.statusCode());
    status.requests.increment();
    status.responseTime.record(System.nanoTime() - exchange.startedAt, TimeUnit.NANOSECONDS);
    status.responseBytes.record(bytesWritten);
    exchange.ended(false);
  }

  @Override
  public Object connected(Object socket, Exchange exchange, ServerWebSocket webSocket) {
    // Vert.x's websocket gauge reads only the connection's tags.
    return vertx.connected(socket, null, webSocket);
  }

  @Override
  public void disconnected(Object webSocket) {
    vertx.disconnected(webSocket);
  }
}
