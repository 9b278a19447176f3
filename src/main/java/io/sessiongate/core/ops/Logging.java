package io.sessiongate.core.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.sessiongate.core.config.GatewayConfig.LogFormat;
import io.sessiongate.core.tracing.TraceIdInMdc;
import org.slf4j.LoggerFactory;

/** Switches the console log to one JSON object per line when configured (for log shippers), trace id in its mdc. */
public final class Logging {
  private Logging() {
  }

  public static void use(LogFormat format) {
    if (format != LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithFormattedMessage(true);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("json");
    console.setEncoder(encoder);
    console.start();
    root.addAppender(console);
    TraceIdInMdc traceIds = new TraceIdInMdc();
    traceIds.setContext(context);
    traceIds.start();
    context.addTurboFilter(traceIds);
  }
}
