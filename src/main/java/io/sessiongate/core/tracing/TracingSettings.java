package io.sessiongate.core.tracing;

import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

/**
 * {@code tracing.*}: on or off (off by default), and the defaults handed to the OpenTelemetry SDK, which the
 * standard {@code OTEL_*} variables (and {@code otel.*} system properties) override: the exporter
 * ({@code otlp}), the collector's address, the service name.
 */
public record TracingSettings(boolean enabled, String exporter, String endpoint, String serviceName) {
  public static TracingSettings from(GatewayConfig config) {
    ConfigReader tracing = config.section("tracing");
    String exporter = tracing.string("exporter").trim();
    String serviceName = tracing.string("service-name").trim();
    return new TracingSettings(tracing.bool("enabled"), exporter.isEmpty() ? "otlp" : exporter,
      tracing.string("endpoint").trim(), serviceName.isEmpty() ? "sessiongate" : serviceName);
  }
}
