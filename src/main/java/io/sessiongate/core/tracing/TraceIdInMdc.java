package io.sessiongate.core.tracing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the trace of the request being served into the MDC as {@code traceId} at each log call, on the calling
 * thread (where Vert.x keeps the request's span), so that encoders without a pattern (the JSON one) carry it too.
 */
public final class TraceIdInMdc extends TurboFilter {
  public static final String KEY = "traceId";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    String traceId = Tracing.currentTraceId();
    if (traceId == null) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, traceId);
    }
    return FilterReply.NEUTRAL;
  }
}
