package io.sessiongate.core.audit;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.tracing.RequestIds;
import io.sessiongate.core.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.function.Function;

/**
 * The audit trail: who did what, one JSON object per line, on its own logger ({@code sessiongate.audit}) so it can
 * go to a file of its own, stdout, or wherever logback.xml sends that logger (syslog, say). Every event carries
 * its time, type, the request id and (when tracing is on) the trace id; never a password, token or BMC secret:
 * callers hand over names and the names of changed fields only.
 *
 * <p>Slices reach it with {@link #of(RoutingContext)}; each hook at a call site is one line. Writing happens on
 * logback's queue thread (file and stdout targets), never on an event loop.
 */
public final class AuditLog implements Shareable {
  public static final String LOGGER = "sessiongate.audit";
  private static final String REGISTRY = "sessiongate.audit";
  private static final String GATEWAY_ANSWERED = "sessiongate.audit.gatewayAnswered";
  private static final AuditLog OFF = new AuditLog(Set.of(), null, null);

  private final Set<AuditEvent.Kind> kinds;
  private final Logger logger;
  private final LoggerContext ownContext;

  private AuditLog(Set<AuditEvent.Kind> kinds, Logger logger, LoggerContext ownContext) {
    this.kinds = kinds;
    this.logger = logger;
    this.ownContext = ownContext;
  }

  /** Opens the target (a file is opened here: call off the event loop) and makes it this Vert.x's audit log. */
  public static AuditLog open(Vertx vertx, AuditSettings settings) {
    AuditLog log = switch (settings.target()) {
      case OFF -> OFF;
      case LOGBACK -> new AuditLog(settings.kinds(), LoggerFactory.getLogger(LOGGER), null);
      case FILE, STDOUT -> ownLogger(settings);
    };
    vertx.sharedData().getLocalMap(REGISTRY).put("log", log);
    return log;
  }

  /** The audit log of the gateway serving this request (a no-op when none is open). */
  public static AuditLog of(RoutingContext ctx) {
    return of(ctx.vertx());
  }

  public static AuditLog of(Vertx vertx) {
    Object log = vertx.sharedData().getLocalMap(REGISTRY).get("log");
    return log instanceof AuditLog audit ? audit : OFF;
  }

  /** A logger context of its own: events go to its file or stdout whatever logback.xml says. */
  private static AuditLog ownLogger(AuditSettings settings) {
    LoggerContext context = new LoggerContext();
    context.setName("sessiongate-audit");
    // Logback builds every event with a copy of the MDC: a context of one's own needs an adapter of its own.
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> target;
    if (settings.target() == AuditSettings.Target.FILE) {
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setFile(settings.file().toString());
      file.setAppend(true);
      target = file;
    } else {
      target = new ConsoleAppender<>();
    }
    target.setContext(context);
    target.setName("audit-" + settings.target().name().toLowerCase());
    target.setEncoder(encoder);
    target.start();
    if (!target.isStarted()) {
      context.stop();
      throw new ConfigException("audit.file (SESSIONGATE_AUDIT_FILE): cannot write " + settings.file().toAbsolutePath());
    }
    AsyncAppender queue = new AsyncAppender();
    queue.setContext(context);
    queue.setName("audit-queue");
    queue.setQueueSize(8192);
    // Audit events are never dropped: a full queue makes the caller wait rather than lose one.
    queue.setDiscardingThreshold(0);
    queue.setMaxFlushTime(5000);
    queue.addAppender(target);
    queue.start();
    ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(queue);
    return new AuditLog(settings.kinds(), logger, context);
  }

  /** Writes what is queued and closes the file; this Vert.x has no audit log any more. */
  public Void close(Vertx vertx) {
    vertx.sharedData().getLocalMap(REGISTRY).remove("log");
    if (ownContext != null) {
      ownContext.stop();
    }
    return null;
  }

  // --- logins, logouts, lockouts, revocations ---------------------------------------------------------------

  /** Records the login's outcome when it completes: success, or failure with the reason (status and message). */
  public <T> Future<T> login(RoutingContext ctx, String api, String user, String sourceIp, Future<T> outcome) {
    return login(ctx, api, user, sourceIp, outcome, result -> user);
  }

  /** As above, for logins whose user is known only once they succeed (a login with a token). */
  public <T> Future<T> login(RoutingContext ctx, String api, String user, String sourceIp, Future<T> outcome,
                             Function<T, String> userOfSuccess) {
    return outcome.andThen(done -> {
      if (done.succeeded()) {
        write(AuditEvent.LOGIN_SUCCEEDED, request(ctx).put("api", api).put("user", userOfSuccess.apply(done.result()))
          .put("sourceIp", sourceIp));
      } else {
        write(AuditEvent.LOGIN_FAILED, request(ctx).put("api", api).put("user", user).put("sourceIp", sourceIp)
          .put("reason", reason(done.cause())));
      }
    });
  }

  public <T> Future<T> login(RoutingContext ctx, String api, String user, Future<T> outcome) {
    return login(ctx, api, user, sourceIp(ctx), outcome);
  }

  /** A login locked after too many failures (written by the slice that counts them, which has no request). */
  public void lockedOut(String api, String user, String sourceIp, long lockedUntilMillis, String requestId) {
    write(AuditEvent.LOCKED_OUT, new JsonObject().put("api", api).put("user", user).put("sourceIp", sourceIp)
      .put("lockedUntil", Instant.ofEpochMilli(lockedUntilMillis).toString()).put("requestId", requestId)
      .put("traceId", Tracing.currentTraceId()));
  }

  /** The caller ended its own session. */
  public void loggedOut(RoutingContext ctx, String api) {
    Principal caller = Access.principal(ctx);
    write(AuditEvent.LOGGED_OUT, request(ctx).put("api", api).put("user", caller == null ? null : caller.login())
      .put("session", caller == null ? null : caller.sessionId()).put("sourceIp", sourceIp(ctx)));
  }

  /**
   * The caller deleted a session: its own current one is a logout; any other (someone else's, or another of its
   * own) a revocation by the caller.
   */
  public void sessionEnded(RoutingContext ctx, String api, String owner, String sessionId) {
    Principal caller = Access.principal(ctx);
    if (caller != null && sessionId.equals(caller.sessionId())) {
      loggedOut(ctx, api);
      return;
    }
    write(AuditEvent.SESSION_REVOKED, request(ctx).put("api", api).put("user", caller == null ? null : caller.login())
      .put("owner", owner).put("session", sessionId).put("sourceIp", sourceIp(ctx)));
  }

  /** The login named by HTTP Basic credentials (for the audit of a failed one), or null. */
  public static String basicLogin(String authorization) {
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).trim()),
        StandardCharsets.UTF_8);
      return decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : null;
    } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
      return null;
    }
  }

  // --- users and devices ----------------------------------------------------------------------------------

  /**
   * Records a change of a user or device when it succeeds: who, which one, and the names of the fields the
   * request set (values are never written: a password or BMC credential shows up as its field name only).
   */
  public <T> Future<T> changed(RoutingContext ctx, AuditEvent event, String subject, JsonObject requestBody,
                               Future<T> outcome) {
    return outcome.andThen(done -> {
      if (done.succeeded()) {
        Principal caller = Access.principal(ctx);
        JsonObject fields = request(ctx).put("user", caller == null ? null : caller.login())
          .put(event.kind() == AuditEvent.Kind.DEVICES ? "device" : "subject", subject);
        if (requestBody != null) {
          fields.put("fields", new JsonArray(requestBody.fieldNames().stream().sorted().toList()));
        }
        write(event, fields.put("sourceIp", sourceIp(ctx)));
      }
    });
  }

  /** As {@link #aggregateChanged(RoutingContext, AuditEvent, Function, JsonObject, Future)}, of a known aggregate. */
  public <T> Future<T> aggregateChanged(RoutingContext ctx, AuditEvent event, String aggregate, JsonObject requestBody,
                                        Future<T> outcome) {
    return aggregateChanged(ctx, event, result -> aggregate, requestBody, outcome);
  }

  /**
   * Records a change of a Redfish Aggregate when it succeeds: who, which aggregate (its id, from the outcome for one
   * just created), the names of the fields the request set and how many elements it named.
   */
  public <T> Future<T> aggregateChanged(RoutingContext ctx, AuditEvent event, Function<T, String> aggregateOf,
                                        JsonObject requestBody, Future<T> outcome) {
    return outcome.andThen(done -> {
      if (done.succeeded()) {
        Principal caller = Access.principal(ctx);
        JsonObject fields = request(ctx).put("user", caller == null ? null : caller.login())
          .put("aggregate", aggregateOf.apply(done.result()));
        if (requestBody != null) {
          fields.put("fields", new JsonArray(requestBody.fieldNames().stream().sorted().toList()))
            .put("elements", requestBody.getJsonArray("Elements", new JsonArray()).size());
        }
        write(event, fields.put("sourceIp", sourceIp(ctx)));
      }
    });
  }

  // --- requests through the device proxy ------------------------------------------------------------------

  /**
   * Audits this request to a BMC when it is not a GET (nor HEAD/OPTIONS), once its answer has been sent or the
   * exchange broke off: who (the gateway user, or for a passthrough device the BMC login it sent as Basic), which
   * device, method, path, the status the client got, the BMC's status (absent when the gateway answered
   * itself, see {@link #gatewayAnswered}) and how long it took.
   */
  public void proxying(RoutingContext ctx, String device) {
    HttpMethod method = ctx.request().method();
    if (!kinds.contains(AuditEvent.Kind.PROXY) || method == HttpMethod.GET || method == HttpMethod.HEAD
      || method == HttpMethod.OPTIONS) {
      return;
    }
    long started = System.nanoTime();
    String requestId = RequestIds.of(ctx);
    String traceId = Tracing.currentTraceId();
    String authorization = ctx.request().getHeader("Authorization");
    ctx.addEndHandler(ended -> {
      Principal caller = Access.principal(ctx);
      int status = ctx.response().getStatusCode();
      write(AuditEvent.PROXIED_CHANGE, new JsonObject().put("requestId", requestId).put("traceId", traceId)
        .put("user", caller == null ? null : caller.login())
        .put("bmcUser", caller == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
          ? basicLogin(authorization) : null)
        .put("device", device).put("method", method.name()).put("path", ctx.request().path())
        // Read off the response, not the end handler's result: over HTTP/2 the stream's close reports a failure
        // even after a response that was sent whole.
        .put("status", ctx.response().headWritten() ? status : null)
        .put("bmcStatus", ctx.response().headWritten() && ctx.get(GATEWAY_ANSWERED) == null ? status : null)
        .put("completed", ctx.response().ended())
        .put("durationMs", (System.nanoTime() - started) / 1_000_000)
        .put("sourceIp", sourceIp(ctx)));
    });
  }

  /**
   * A batch action of the Redfish aggregation accepted (AggregationService.Reset): who asked, from where, which
   * targets and what; the task named here does the work, each of its requests to a BMC audited by
   * {@link #batchRequest} with the same task.
   */
  public void batchAccepted(RoutingContext ctx, String task, String action, JsonObject parameters, JsonArray targets) {
    Principal caller = Access.principal(ctx);
    write(AuditEvent.BATCH_ACCEPTED, request(ctx).put("user", caller == null ? null : caller.login())
      .put("task", task).put("action", action).put("parameters", parameters).put("targets", targets)
      .put("sourceIp", sourceIp(ctx)));
  }

  /**
   * One request a batch task sent to a BMC on behalf of {@code caller} (no client request of its own: the
   * {@code task} ties it to the {@link #batchAccepted} event); {@code bmcStatus} null when no answer came.
   */
  public void batchRequest(Principal caller, String task, String device, HttpMethod method, String path,
                           Integer bmcStatus, long durationMs) {
    write(AuditEvent.PROXIED_CHANGE, new JsonObject().put("task", task)
      .put("user", caller == null ? null : caller.login()).put("device", device).put("method", method.name())
      .put("path", path).put("bmcStatus", bmcStatus).put("completed", bmcStatus != null)
      .put("durationMs", durationMs));
  }

  /** The gateway answered a proxied request itself (an error before or instead of the BMC's answer). */
  public static void gatewayAnswered(RoutingContext ctx) {
    ctx.put(GATEWAY_ANSWERED, Boolean.TRUE);
  }

  // ---------------------------------------------------------------------------------------------------------

  private void write(AuditEvent event, JsonObject fields) {
    if (logger == null || !kinds.contains(event.kind())) {
      return;
    }
    JsonObject line = new JsonObject().put("time", Instant.now().toString()).put("event", event.type());
    fields.forEach(field -> {
      if (field.getValue() != null) {
        line.put(field.getKey(), field.getValue());
      }
    });
    logger.info(line.encode());
  }

  private static JsonObject request(RoutingContext ctx) {
    return new JsonObject().put("requestId", RequestIds.of(ctx)).put("traceId", Tracing.currentTraceId());
  }

  private static String sourceIp(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  private static String reason(Throwable failure) {
    return failure instanceof ApiError error ? error.status() + " " + error.getMessage() : "error: " + failure.getMessage();
  }
}
