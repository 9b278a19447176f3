package io.sessiongate.core.tracing;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in {@code X-Request-Id} and used in every log line about the request.
 * A caller's own id (from a load balancer, say) is kept when it is a sane token.
 */
public final class RequestIds implements Handler<RoutingContext> {
  public static final String HEADER = "X-Request-Id";
  public static final String KEY = "sessiongate.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final String nodePrefix;
  private final AtomicLong counter = new AtomicLong();

  public RequestIds() {
    byte[] node = new byte[4];
    new SecureRandom().nextBytes(node);
    this.nodePrefix = HexFormat.of().formatHex(node) + "-";
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String traceId = given == null ? Tracing.currentTraceId() : null;
    // With tracing on, the request id is the trace id: an error body's requestId leads straight to the trace.
    String id = given != null && SANE.matcher(given).matches() ? given
      : traceId != null ? traceId : nodePrefix + Long.toHexString(counter.incrementAndGet());
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
