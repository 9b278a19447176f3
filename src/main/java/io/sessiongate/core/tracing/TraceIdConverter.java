package io.sessiongate.core.tracing;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %traceId} in a logback pattern: the trace of the request being served when the line was logged (on an
 * event loop, Vert.x keeps the request's span in its context), or "-".
 */
public final class TraceIdConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    String traceId = Tracing.currentTraceId();
    return traceId == null ? "-" : traceId;
  }
}
