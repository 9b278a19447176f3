package io.sessiongate.core.http;

import io.sessiongate.core.tracing.RequestIds;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request, with its id, when http.access-log is on. */
final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("sessiongate.access");

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addBodyEndHandler(v -> LOG.info("request {} {} {} {} {}us {}", RequestIds.of(ctx), ctx.request().method(),
      ctx.request().path(), ctx.response().getStatusCode(), (System.nanoTime() - started) / 1000,
      ctx.request().remoteAddress()));
    ctx.next();
  }
}
