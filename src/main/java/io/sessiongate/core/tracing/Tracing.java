package io.sessiongate.core.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.shareddata.Shareable;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * OpenTelemetry tracing, when {@code tracing.enabled}: Vert.x's tracer gives the server span of every request
 * (continuing a W3C {@code traceparent} the client sent), the event-bus hops, the PostgreSQL statements and the
 * HTTP client requests to BMCs, each sending {@code traceparent} on; {@link #span} adds the gateway's own spans
 * (a BMC login or request with the device id, status and retry; the Murano webhook, which {@link #propagate}s
 * its traceparent itself). The SDK is configured the standard way
 * (autoconfigure: {@code OTEL_*} variables win over {@code tracing.*}).
 */
public final class Tracing implements Shareable {
  private static final String REGISTRY = "sessiongate.tracing";
  private static final Tracing OFF = new Tracing(null);

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracer = sdk == null ? null : sdk.getTracer("io.sessiongate");
  }

  /** Builds the SDK when tracing is on; {@link #install} then gives it to the Vert.x about to be built. */
  public static Tracing start(TracingSettings settings) {
    if (!settings.enabled()) {
      return OFF;
    }
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", settings.serviceName());
    defaults.put("otel.traces.exporter", settings.exporter());
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    // OTLP over HTTP/protobuf (the jar carries the JDK HTTP sender, no gRPC stack); OTEL_EXPORTER_OTLP_PROTOCOL
    // may still say otherwise, and then the start fails saying what is missing.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    if (!settings.endpoint().isEmpty()) {
      defaults.put("otel.exporter.otlp.endpoint", settings.endpoint());
    }
    try {
      return new Tracing(AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> defaults)
        .disableShutdownHook().build().getOpenTelemetrySdk());
    } catch (ConfigurationException invalid) {
      Throwable cause = invalid.getCause() != null ? invalid.getCause() : invalid;
      throw new io.sessiongate.core.config.ConfigException("tracing (tracing.* and OTEL_* variables): "
        + cause.getMessage());
    }
  }

  public VertxBuilder install(VertxBuilder builder, VertxOptions options) {
    if (sdk == null) {
      return builder;
    }
    options.setTracingOptions(new OpenTelemetryOptions());
    return builder.with(options).withTracer(new OpenTelemetryTracingFactory(sdk));
  }

  /** Makes this the tracing of {@code vertx} ({@link #of}). */
  public void register(Vertx vertx) {
    vertx.sharedData().getLocalMap(REGISTRY).put("tracing", this);
  }

  public static Tracing of(Vertx vertx) {
    Object tracing = vertx == null ? null : vertx.sharedData().getLocalMap(REGISTRY).get("tracing");
    return tracing instanceof Tracing registered ? registered : OFF;
  }

  public OpenTelemetry openTelemetry() {
    return sdk == null ? OpenTelemetry.noop() : sdk;
  }

  /**
   * Runs {@code work} on {@code target} (another verticle's context, called directly instead of over the event bus)
   * in the caller's trace: on a duplicate of {@code target} of its own, where the caller's trace is current, so the
   * spans the work opens are children of the caller's as they would be across the bus. The duplicate serves only
   * this work, so the trace stays current there for as long as the work's own callbacks run.
   */
  public static void runInTrace(io.vertx.core.Context target, Runnable work) {
    Context trace = Context.current();
    io.vertx.core.Context onto = target instanceof io.vertx.core.internal.ContextInternal internal
      ? internal.duplicate() : target;
    onto.runOnContext(v -> {
      @SuppressWarnings("unused")
      Scope current = trace.makeCurrent();
      work.run();
    });
  }

  /**
   * Runs {@code work} in a span of its own, a child of the request's: current in the request's Vert.x context
   * while the work runs, so the HTTP client's span of the same exchange (method, URL, status) is its child.
   */
  public static <T> Future<T> span(String name, Map<String, ?> attributes, Supplier<Future<T>> work) {
    io.vertx.core.Context vertxContext = Vertx.currentContext();
    Tracer tracer = vertxContext == null ? null : of(vertxContext.owner()).tracer;
    if (tracer == null) {
      return work.get();
    }
    Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).setParent(Context.current()).startSpan();
    attributes.forEach((key, value) -> {
      if (value instanceof Boolean flag) {
        span.setAttribute(key, flag);
      } else if (value instanceof Number number) {
        span.setAttribute(key, number.longValue());
      } else {
        span.setAttribute(key, String.valueOf(value));
      }
    });
    Scope scope = Context.current().with(span).makeCurrent();
    Future<T> done;
    try {
      done = work.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.andThen(result -> {
      if (result.failed()) {
        span.setStatus(StatusCode.ERROR, String.valueOf(result.cause().getMessage()));
      }
      span.end();
      scope.close();
    });
  }

  /**
   * Adds an attribute to the gateway span current in this Vert.x context (the one {@link #span} opened around
   * the work now running): what is known only once the work is under way, as the status a BMC answered.
   */
  public static void annotate(String key, long value) {
    Span current = Span.current();
    if (current.isRecording()) {
      current.setAttribute(key, value);
    }
  }

  public static void annotate(String key, boolean value) {
    Span current = Span.current();
    if (current.isRecording()) {
      current.setAttribute(key, value);
    }
  }

  /**
   * A setter of attributes on the span current now, for work whose callbacks run where that span is no longer
   * current (a WebClient's); does nothing when no span is recorded.
   */
  public static ObjLongConsumer<String> annotator() {
    Span current = Span.current();
    return current.isRecording() ? current::setAttribute : (key, value) -> { };
  }

  /**
   * Writes the W3C {@code traceparent} (and {@code tracestate}) of the span current now with {@code header}: for an
   * outgoing request whose client makes no span of its own here, so the receiver still joins the trace.
   */
  public static void propagate(BiConsumer<String, String> header) {
    io.vertx.core.Context vertxContext = Vertx.currentContext();
    Tracing tracing = vertxContext == null ? OFF : of(vertxContext.owner());
    if (tracing.sdk != null && Span.current().getSpanContext().isValid()) {
      tracing.sdk.getPropagators().getTextMapPropagator().inject(Context.current(), header,
        (carrier, key, value) -> carrier.accept(key, value));
    }
  }

  /** The trace id of the span current on this thread (the request's, on an event loop), or null. */
  public static String currentTraceId() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span.getTraceId() : null;
  }

  /** Exports what is still buffered, then stops. */
  public Future<Void> close(Vertx vertx) {
    if (sdk == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
      return null;
    });
  }
}
