package io.sessiongate.core.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * vertx-micrometer-metrics into {@code registry}, except that the HTTP server's and clients' per-request meters
 * are {@link HttpServerMeters} and {@link HttpClientMeters} (looked up once, not per request) when the labels
 * are the ones they reproduce.
 */
public final class GatewayMetricsFactory implements VertxMetricsFactory {
  /** The labels that can tag Vert.x's HTTP server request meters. */
  private static final java.util.Set<Label> SERVER_REQUEST_LABELS = java.util.EnumSet.of(Label.LOCAL, Label.REMOTE,
    Label.HTTP_PATH, Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE);
  /** The labels that can tag Vert.x's HTTP client request meters (NAMESPACE: the client's metrics name). */
  private static final java.util.Set<Label> CLIENT_REQUEST_LABELS = java.util.EnumSet.of(Label.LOCAL, Label.REMOTE,
    Label.NAMESPACE, Label.CLIENT_NAME, Label.HTTP_PATH, Label.HTTP_METHOD, Label.HTTP_CODE);

  private final MicrometerMetricsFactory micrometer;
  private final MeterRegistry registry;

  public GatewayMetricsFactory(MeterRegistry registry) {
    this.micrometer = new MicrometerMetricsFactory(registry);
    this.registry = registry;
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    VertxMetrics vertx = micrometer.metrics(options);
    MicrometerMetricsOptions settings = options.getMetricsOptions() instanceof MicrometerMetricsOptions given
      ? given : new MicrometerMetricsOptions();
    boolean server = labels(settings, SERVER_REQUEST_LABELS).equals(HttpServerMeters.REPRODUCED)
      && settings.getServerRequestTagsProvider() == null;
    boolean client = labels(settings, CLIENT_REQUEST_LABELS).equals(HttpClientMeters.REPRODUCED)
      && settings.getClientRequestTagsProvider() == null;
    return server || client ? new WithCachedHttpMeters(vertx, registry, settings, server,
      client ? new HttpClientMeters.Shared(registry, settings.getMetricsNaming().withBaseName(
        MetricsDomain.HTTP_CLIENT.getPrefix())) : null) : vertx;
  }

  private static java.util.Set<Label> labels(MicrometerMetricsOptions settings, java.util.Set<Label> among) {
    java.util.Set<Label> enabled = java.util.EnumSet.noneOf(Label.class);
    settings.getLabels().stream().filter(among::contains).forEach(enabled::add);
    return enabled;
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return micrometer.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions() {
    return micrometer.newOptions();
  }

  @Override
  public MetricsOptions newOptions(io.vertx.core.json.JsonObject json) {
    return micrometer.newOptions(json);
  }

  /** {@code clients}: null when the clients keep Vert.x's meters. */
  private record WithCachedHttpMeters(VertxMetrics vertx, MeterRegistry registry, MicrometerMetricsOptions settings,
                                      boolean server, HttpClientMeters.Shared clients) implements VertxMetrics {
    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
      HttpServerMetrics<?, ?, ?> own = vertx.createHttpServerMetrics(options, localAddress);
      return own == null || !server ? own : new HttpServerMeters(own, registry,
        settings.getMetricsNaming().withBaseName(MetricsDomain.HTTP_SERVER.getPrefix()));
    }

    @Override
    public EventBusMetrics createEventBusMetrics() {
      return vertx.createEventBusMetrics();
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
      return vertx.createClientMetrics(remoteAddress, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
      HttpClientMetrics<?, ?, ?> own = vertx.createHttpClientMetrics(options);
      return own == null || clients == null ? own : new HttpClientMeters(own, clients);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
      return vertx.createNetServerMetrics(options, localAddress);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
      return vertx.createNetClientMetrics(options);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
      return vertx.createDatagramSocketMetrics(options);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
      return vertx.createPoolMetrics(poolType, poolName, maxPoolSize);
    }

    @Override
    public void vertxCreated(Vertx created) {
      vertx.vertxCreated(created);
    }

    @Override
    public boolean isMetricsEnabled() {
      return vertx.isMetricsEnabled();
    }

    @Override
    public void close() {
      vertx.close();
    }
  }
}
