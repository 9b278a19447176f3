package io.sessiongate.core.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsNaming;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP client's per-request meters (the device proxy's calls to BMCs), the same names, descriptions and
 * tags as vertx-micrometer-metrics with its default labels ({@code method}, {@code code}), each looked up once
 * per method and status: Vert.x's own registers the active-requests gauge and looks up four tagged meters per
 * request. Connections, bytes, pools and websockets stay with Vert.x's implementation ({@code vertx}).
 */
final class HttpClientMeters extends TcpMetricsDelegate implements HttpClientMetrics<HttpClientMeters.Exchange, Object, Object> {
  /** The labels this class reproduces; with any other set the gateway keeps Vert.x's implementation. */
  static final java.util.Set<Label> REPRODUCED = java.util.EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE);

  /**
   * The meters themselves, one set per registry for every client: a gauge registered twice under one id reads
   * only the first registration's count.
   */
  static final class Shared {
    private final MeterRegistry registry;
    private final MetricsNaming names;
    private final ConcurrentMap<HttpMethod, PerMethod> byMethod = new ConcurrentHashMap<>();

    Shared(MeterRegistry registry, MetricsNaming names) {
      this.registry = registry;
      this.names = names;
    }

    private PerMethod meters(HttpMethod method) {
      PerMethod known = byMethod.get(method);
      return known != null ? known : byMethod.computeIfAbsent(method, m -> new PerMethod(this, m));
    }
  }

  /** One request and its response, as the client reports them. */
  static final class Exchange extends ActiveRequest {
    private final PerMethod meters;
    private PerStatus status;

    private Exchange(PerMethod meters) {
      super(meters.active);
      this.meters = meters;
      meters.requests.increment();
    }
  }

  private static final class PerMethod {
    private final Shared shared;
    private final Tags tags;
    private final LongAdder active = new LongAdder();
    private final Counter requests;
    private final DistributionSummary requestBytes;
    private final ByStatus<PerStatus> byStatus;
    /** For a response that ended without a status (Vert.x tags it with the request's tags alone). */
    private volatile PerStatus withoutStatus;

    private PerMethod(Shared shared, HttpMethod method) {
      this.shared = shared;
      tags = Tags.of(Label.HTTP_METHOD.toString(), method.toString());
      Gauge.builder(shared.names.getHttpActiveRequests(), active, LongAdder::doubleValue)
        .description("Number of requests waiting for a response").tags(tags).register(shared.registry);
      requests = Counter.builder(shared.names.getHttpRequestsCount()).description("Number of requests sent")
        .tags(tags).register(shared.registry);
      requestBytes = DistributionSummary.builder(shared.names.getHttpRequestBytes())
        .description("Size of requests in bytes").tags(tags).register(shared.registry);
      byStatus = new ByStatus<>(code -> new PerStatus(shared, tags.and(Label.HTTP_CODE.toString(), String.valueOf(code))));
    }

    private PerStatus status(int code) {
      return byStatus.get(code);
    }
  }

  private static final class PerStatus {
    private final Counter responses;
    private final Timer responseTime;
    private final DistributionSummary responseBytes;

    private PerStatus(Shared shared, Tags tags) {
      responses = Counter.builder(shared.names.getHttpResponsesCount()).description("Response count with codes")
        .tags(tags).register(shared.registry);
      responseTime = Timer.builder(shared.names.getHttpResponseTime()).description("Response time")
        .tags(tags).register(shared.registry);
      responseBytes = DistributionSummary.builder(shared.names.getHttpResponseBytes())
        .description("Size of responses in bytes").tags(tags).register(shared.registry);
    }
  }

  private final HttpClientMetrics<Object, Object, Object> vertx;
  private final Shared shared;
  private final ClientMetrics<Exchange, HttpRequest, HttpResponse> endpoint = new ClientMetrics<>() {
    @Override
    public Exchange requestBegin(String uri, HttpRequest request) {
      return new Exchange(shared.meters(request.method()));
    }

    @Override
    public void requestEnd(Exchange exchange, long bytesWritten) {
      exchange.meters.requestBytes.record(bytesWritten);
      exchange.ended(true);
    }

    @Override
    public void requestReset(Exchange exchange) {
      exchange.reset();
    }

    @Override
    public void responseBegin(Exchange exchange, HttpResponse response) {
      exchange.status = exchange.meters.status(response.statusCode());
    }

    @Override
    public void responseEnd(Exchange exchange, long bytesRead) {
      exchange.ended(false);
      PerStatus status = exchange.status;
      if (status == null) {
        PerMethod meters = exchange.meters;
        if (meters.withoutStatus == null) {
          meters.withoutStatus = new PerStatus(shared, meters.tags);
        }
        status = meters.withoutStatus;
      }
      status.responses.increment();
      status.responseTime.record(System.nanoTime() - exchange.startedAt, TimeUnit.NANOSECONDS);
      status.responseBytes.record(bytesRead);
    }
  };

  @SuppressWarnings("unchecked")
  HttpClientMeters(HttpClientMetrics<?, ?, ?> vertx, Shared shared) {
    super(vertx);
    this.vertx = (HttpClientMetrics<Object, Object, Object>) vertx;
    this.shared = shared;
  }

  @Override
  public ClientMetrics<Exchange, HttpRequest, HttpResponse> createEndpointMetrics(SocketAddress remoteAddress,
                                                                                 int maxPoolSize) {
    return endpoint;
  }

  @Override
  public Object connected(WebSocket webSocket) {
    return vertx.connected(webSocket);
  }

  @Override
  public void disconnected(Object webSocket) {
    vertx.disconnected(webSocket);
  }
}
