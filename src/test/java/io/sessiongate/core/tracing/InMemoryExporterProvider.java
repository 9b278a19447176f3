package io.sessiongate.core.tracing;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The SDK's in-memory exporter, selectable the standard way ({@code tracing.exporter: memory}, or
 * {@code OTEL_TRACES_EXPORTER=memory}), so tests see the spans a real gateway exports.
 */
public final class InMemoryExporterProvider implements ConfigurableSpanExporterProvider {
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return new SpanExporter() {
      // The gateway shuts its exporter down when it stops; the shared one must keep collecting for the next test.
      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
        return SPANS.export(spans);
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode flush() {
        return SPANS.flush();
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
        return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
      }
    };
  }

  @Override
  public String getName() {
    return "memory";
  }
}
