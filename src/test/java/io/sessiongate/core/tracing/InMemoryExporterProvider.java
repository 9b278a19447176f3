package io.sessiongate.core.tracing;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static io.sessiongate.testing.Await.pause;

/**
 * The SDK's in-memory exporter, selectable the standard way ({@code tracing.exporter: memory}, or
 * {@code OTEL_TRACES_EXPORTER=memory}), so tests see the spans a real gateway exports.
 */
public final class InMemoryExporterProvider implements ConfigurableSpanExporterProvider {
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  /** The exported spans of one trace, once {@code complete} holds (export is batched); fails after 10 s. */
  public static List<SpanData> spansOf(String traceId, Predicate<List<SpanData>> complete) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<SpanData> spans = SPANS.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
      if (complete.test(spans)) {
        pause(200);
        return SPANS.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the trace is incomplete: " + spans.stream()
          .map(span -> span.getKind() + " " + span.getName() + " " + span.getAttributes()).toList() + " of all "
          + SPANS.getFinishedSpanItems().size() + " spans exported");
      }
      pause(50);
    }
  }

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
