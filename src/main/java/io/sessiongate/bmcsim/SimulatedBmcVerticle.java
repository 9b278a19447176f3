package io.sessiongate.bmcsim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.sessiongate.bmcsim.SimulatedBmcOptions.Quirks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated BMC speaking real Redfish over HTTP(S): a service root, a SessionService that checks
 * X-Auth-Token and Basic, Systems/Managers/Chassis/Fabrics members with @odata links, a hard session cap answered
 * with 503 and an iDRAC-like RAC0218 message, a login latency and an inactivity timeout. Its counters are
 * at {@code GET /sim/stats} so tests and benchmarks can see what the BMC went through.
 */
public final class SimulatedBmcVerticle extends VerticleBase {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SimulatedBmcOptions options;
  private final Map<String, Session> sessionsByToken = new LinkedHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger();
  private int peakSessions;
  private long logins;
  private long rejectedLogins;
  private long requests;
  /** Requests refused for want of a valid session or Basic credentials: a client that sent an expired token. */
  private long unauthorized;
  /** Connections the BMC closed without notice ({@code closeAfter}, or after reading a body it never answers). */
  private long connectionsClosed;
  private long bodiesReadThenClosed;
  /** The W3C traceparent of the last Redfish request that carried one ("" before any): tracing tests read it. */
  private String lastTraceparent = "";
  private final Map<HttpConnection, int[]> answersByConnection = new java.util.IdentityHashMap<>();
  /**
   * The connections open now, closed when the BMC stops: the server's own close lets a keep-alive connection answer
   * for a moment after the undeploy has completed, and a stopped BMC answers nothing.
   */
  private final java.util.Set<HttpConnection> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private HttpServer server;

  private static final class Session {
    final String id;
    final String token;
    final String user;
    long lastUsed;

    Session(String id, String token, String user, long lastUsed) {
      this.id = id;
      this.token = token;
      this.user = user;
      this.lastUsed = lastUsed;
    }
  }

  static final String UPLOAD = "/redfish/v1/UpdateService/upload";
  private static final java.util.Set<String> RESET_TYPES = java.util.Set.of("On", "ForceOff", "GracefulShutdown",
    "GracefulRestart", "ForceRestart");

  public SimulatedBmcVerticle(SimulatedBmcOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    Quirks quirks = options.quirks();
    router.route().handler(ctx -> {
      requests++;
      String traceparent = ctx.request().getHeader("traceparent");
      if (traceparent != null && !ctx.request().path().startsWith("/sim/")) {
        lastTraceparent = traceparent;
      }
      ctx.response().putHeader("OData-Version", "4.0");
      if (quirks.closeAfter() > 0) {
        closeAfterAnswers(ctx, quirks.closeAfter());
      }
      ctx.next();
    });
    // Firmware images are large: the upload is read as a stream (hashed and counted), never held in memory.
    router.post(UPLOAD).handler(this::authenticated).handler(this::upload);
    router.route().handler(BodyHandler.create(false).setBodyLimit(65536));
    router.get("/sim/stats").handler(this::stats);
    // As a BMC that reboots or whose admin clears the sessions: every token stops working at once.
    router.post("/sim/drop-sessions").handler(ctx -> {
      sessionsByToken.clear();
      ctx.response().setStatusCode(204).end();
    });
    router.get("/redfish").handler(ctx -> json(ctx, 200, new JsonObject().put("v1", "/redfish/v1/")));
    router.get("/redfish/v1").handler(this::serviceRoot);
    router.get("/redfish/v1/").handler(this::serviceRoot);
    if (quirks.noSessionService()) {
      // As older BMCs and bare emulators: no SessionService at all, whoever asks (HTTP Basic is the only way in).
      router.route("/redfish/v1/SessionService*").handler(ctx -> error(ctx, 404, "Base.1.18.ResourceNotFound",
        "This service has no SessionService."));
    } else {
      router.post(quirks.sessionsPath()).handler(this::login);
    }
    router.route("/redfish/v1/*").handler(this::authenticated);
    if (quirks.answerLatencyMillis() > 0) {
      // A BMC's web server is slow; it waits without blocking its event loop.
      router.route("/redfish/v1/*").handler(ctx -> vertx.setTimer(quirks.answerLatencyMillis(), timer -> ctx.next()));
    }
    router.get("/redfish/v1/SessionService").handler(ctx -> json(ctx, 200, resource("SessionService", "SessionService")
      .put("ServiceEnabled", true).put("SessionTimeout", options.sessionTimeoutSeconds())
      .put("Sessions", link(quirks.sessionsPath()))));
    router.get(quirks.sessionsPath()).handler(this::listSessions);
    router.get(quirks.sessionsPath() + "/:id").handler(this::getSession);
    router.delete(quirks.sessionsPath() + "/:id").handler(this::logout);
    router.post("/redfish/v1/Managers/:member/Oem/Sim/CloseAfterBody").handler(this::closeAfterBody);
    for (String collection : new String[] {"Systems", "Managers", "Chassis", "Fabrics"}) {
      router.get("/redfish/v1/" + collection).handler(ctx -> json(ctx, 200, collection(collection)));
      router.get("/redfish/v1/" + collection + "/:member").handler(ctx -> member(ctx, collection));
    }
    router.post("/redfish/v1/Systems/:member/Actions/ComputerSystem.Reset").handler(this::reset);
    router.post("/redfish/v1/Systems/:member/Actions/ComputerSystem.SetDefaultBootOrder").handler(this::setDefaultBootOrder);
    router.get("/redfish/v1/Managers/:member/Oem/Sim/Blob").handler(this::blob);
    router.get("/redfish/v1/Managers/:member/Oem/Sim/Log").handler(this::log);
    router.route().handler(ctx -> error(ctx, 404, "Base.1.18.ResourceNotFound", "The resource " + ctx.request().path()
      + " was not found."));
    HttpServerOptions serverOptions = new HttpServerOptions().setHost(options.host()).setPort(options.port());
    if (quirks.idleCloseMillis() > 0) {
      // Embedded web servers drop idle keep-alive connections after a few seconds, telling nobody.
      serverOptions.setIdleTimeout(quirks.idleCloseMillis()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return certificate().compose(certificate -> {
      if (certificate != null) {
        serverOptions.setSsl(true).setKeyCertOptions(certificate.keyCertOptions());
      }
      vertx.setPeriodic(1000, id -> expireIdle());
      server = vertx.createHttpServer(serverOptions).requestHandler(router).connectionHandler(connection -> {
        open.add(connection);
        connection.closeHandler(v -> {
          open.remove(connection);
          answersByConnection.remove(connection);
        });
      });
      return server.listen();
    });
  }

  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    return server.close().compose(v -> Future.join(java.util.List.copyOf(open).stream().map(HttpConnection::close)
      .toList()));
  }

  /**
   * A new self-signed certificate for --tls (null without): made on a worker thread, because generating its RSA
   * key takes seconds on a loaded machine, and the event loop of the verticle is shared with others meanwhile.
   */
  private Future<SelfSignedCertificate> certificate() {
    return options.tls() ? vertx.executeBlocking(() -> SelfSignedCertificate.create("localhost"), false)
      : Future.succeededFuture(null);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void serviceRoot(RoutingContext ctx) {
    JsonObject root = resource("ServiceRoot", "RootService").put("@odata.id", "/redfish/v1")
      .put("RedfishVersion", "1.15.0")
      .put("Systems", link("/redfish/v1/Systems"))
      .put("Managers", link("/redfish/v1/Managers"))
      .put("Chassis", link("/redfish/v1/Chassis"))
      .put("Fabrics", link("/redfish/v1/Fabrics"));
    if (!options.quirks().noSessionService()) {
      root.put("SessionService", link("/redfish/v1/SessionService"))
        .put("Links", new JsonObject().put("Sessions", link(options.quirks().sessionsPath())));
    }
    json(ctx, 200, root);
  }

  /** Closes the connection, without a {@code Connection: close}, once it has carried {@code answers} answers. */
  private void closeAfterAnswers(RoutingContext ctx, int answers) {
    HttpConnection connection = ctx.request().connection();
    int[] count = answersByConnection.computeIfAbsent(connection, c -> new int[1]);
    ctx.response().endHandler(v -> {
      if (++count[0] == answers) {
        connectionsClosed++;
        connection.close();
      }
    });
  }

  /** Reads the whole body, then closes the connection without answering: as a BMC whose web server crashes. */
  private void closeAfterBody(RoutingContext ctx) {
    bodiesReadThenClosed++;
    connectionsClosed++;
    ctx.request().connection().close();
  }

  private void refuseFull(RoutingContext ctx) {
    switch (options.quirks().sessionLimitStyle()) {
      case IDRAC -> error(ctx, 503, "IDRAC.2.8.RAC0218", "The maximum number of user sessions is reached.");
      case XCC -> error(ctx, 400, "Base.1.8.SessionLimitExceeded",
        "The session establishment failed due to the number of simultaneous sessions exceeding the limit of the implementation.");
      case ILO -> error(ctx, 429, "iLO.2.14.CreateLimitReachedForResource", "Maximum number of sessions reached.");
    }
  }

  private void login(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null || !(body.getValue("UserName") instanceof String) || !(body.getValue("Password") instanceof String)) {
      error(ctx, 400, "Base.1.18.PropertyMissing", "UserName and Password are required.");
      return;
    }
    String user = body.getString("UserName");
    String password = body.getString("Password");
    // A BMC login is slow (0.3-2.7 s on real hardware); the simulator waits without blocking its event loop.
    vertx.setTimer(Math.max(1, options.loginLatencyMillis()), timer -> {
      if (!constantTimeEquals(user, options.username()) || !constantTimeEquals(password, options.password())) {
        rejectedLogins++;
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Redfish\"");
        error(ctx, 401, "Base.1.18.NoValidSession", "Invalid username or password.");
        return;
      }
      expireIdle();
      if (sessionsByToken.size() >= options.maxSessions()) {
        rejectedLogins++;
        refuseFull(ctx);
        return;
      }
      logins++;
      byte[] raw = new byte[16];
      RANDOM.nextBytes(raw);
      String token = HexFormat.of().formatHex(raw);
      String id = Integer.toString(nextId.incrementAndGet());
      sessionsByToken.put(token, new Session(id, token, user, System.currentTimeMillis()));
      peakSessions = Math.max(peakSessions, sessionsByToken.size());
      String path = options.quirks().sessionsPath() + "/" + id;
      Quirks quirks = options.quirks();
      String location = switch (quirks.location()) {
        case ABSOLUTE -> (options.tls() ? "https" : "http") + "://" + ctx.request().authority() + path;
        case PATH -> path;
        // Relative to the collection's own URI: its last segment, then the id.
        case RELATIVE -> quirks.sessionsPath().substring(quirks.sessionsPath().lastIndexOf('/') + 1) + "/" + id;
        case NONE -> null;
      };
      if (location != null) {
        ctx.response().putHeader("Location", location);
      }
      // Header names are case-insensitive; some firmware sends this one in lower case.
      ctx.response().putHeader("x-auth-token", token);
      if (quirks.loginStatus() == 204) {
        ctx.response().setStatusCode(204).end();
      } else {
        json(ctx, quirks.loginStatus(), session(sessionsByToken.get(token)));
      }
    });
  }

  private void authenticated(RoutingContext ctx) {
    String token = ctx.request().getHeader("X-Auth-Token");
    if (token != null) {
      Session session = sessionsByToken.get(token);
      if (session != null && !idle(session, System.currentTimeMillis())) {
        session.lastUsed = System.currentTimeMillis();
        ctx.put("session", session);
        ctx.next();
        return;
      }
    }
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon > 0 && constantTimeEquals(decoded.substring(0, colon), options.username())
        && constantTimeEquals(decoded.substring(colon + 1), options.password())) {
        ctx.next();
        return;
      }
    }
    unauthorized++;
    ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Redfish\"");
    error(ctx, 401, "Base.1.18.NoValidSession", "There is no valid session established with the implementation.");
  }

  private void listSessions(RoutingContext ctx) {
    JsonArray members = new JsonArray();
    String sessions = options.quirks().sessionsPath();
    sessionsByToken.values().forEach(s -> members.add(link(sessions + "/" + s.id)));
    json(ctx, 200, new JsonObject().put("@odata.id", sessions)
      .put("@odata.type", "#SessionCollection.SessionCollection").put("Name", "Session Collection")
      .put("Members", members).put("Members@odata.count", members.size()));
  }

  private void getSession(RoutingContext ctx) {
    Session session = byId(ctx.pathParam("id"));
    if (session == null) {
      error(ctx, 404, "Base.1.18.ResourceNotFound", "No such session.");
      return;
    }
    json(ctx, 200, session(session));
  }

  private void logout(RoutingContext ctx) {
    Session session = byId(ctx.pathParam("id"));
    if (session == null) {
      error(ctx, 404, "Base.1.18.ResourceNotFound", "No such session.");
      return;
    }
    sessionsByToken.remove(session.token);
    ctx.response().setStatusCode(204).end();
  }

  private Session byId(String id) {
    return sessionsByToken.values().stream().filter(s -> s.id.equals(id)).findFirst().orElse(null);
  }

  private void member(RoutingContext ctx, String collection) {
    String member = ctx.pathParam("member");
    if (!member.equals("1")) {
      error(ctx, 404, "Base.1.18.ResourceNotFound", "No member " + member + " in " + collection + ".");
      return;
    }
    String id = "/redfish/v1/" + collection + "/1";
    JsonObject body = resource(singular(collection), "1").put("@odata.id", id);
    switch (collection) {
      case "Systems" -> body.put("Name", "Simulated System").put("PowerState", "On")
        .put("SystemType", "Physical").put("Manufacturer", "SessionGate").put("Model", "bmc-sim")
        .put("SerialNumber", "SIM" + options.port()).put("UUID", "00000000-0000-4000-8000-0000000" + String.format("%05d", options.port()))
        .put("Status", new JsonObject().put("State", "Enabled").put("Health", "OK"))
        .put("Boot", new JsonObject().put("BootSourceOverrideEnabled", "Disabled")
          .put("BootSourceOverrideTarget", "None").put("BootSourceOverrideMode", "UEFI")
          .put("BootSourceOverrideTarget@Redfish.AllowableValues", new JsonArray().add("None").add("Pxe").add("Hdd")))
        .put("ProcessorSummary", new JsonObject().put("Count", 2).put("Model", "Simulated CPU"))
        .put("MemorySummary", new JsonObject().put("TotalSystemMemoryGiB", 64))
        .put("Actions", new JsonObject().put("#ComputerSystem.Reset", new JsonObject()
          .put("target", id + "/Actions/ComputerSystem.Reset")
          .put("ResetType@Redfish.AllowableValues", new JsonArray().add("On").add("ForceOff").add("GracefulShutdown")
            .add("GracefulRestart").add("ForceRestart")))
          .put("#ComputerSystem.SetDefaultBootOrder", new JsonObject()
            .put("target", id + "/Actions/ComputerSystem.SetDefaultBootOrder")))
        .put("Links", new JsonObject()
          .put("Chassis", new JsonArray().add(link("/redfish/v1/Chassis/1")))
          .put("ManagedBy", new JsonArray().add(link("/redfish/v1/Managers/1"))));
      case "Managers" -> body.put("Name", "Simulated BMC").put("ManagerType", "BMC").put("FirmwareVersion", "7.00.00");
      case "Fabrics" -> body.put("Name", "Simulated PCIe Fabric").put("FabricType", "PCIe");
      default -> body.put("Name", "Simulated Chassis").put("ChassisType", "RackMount")
        .put("Links", new JsonObject().put("ComputerSystems", new JsonArray().add(link("/redfish/v1/Systems/1"))));
    }
    json(ctx, 200, body);
  }

  private static String singular(String collection) {
    return switch (collection) {
      case "Systems" -> "ComputerSystem";
      case "Managers" -> "Manager";
      case "Fabrics" -> "Fabric";
      default -> "Chassis";
    };
  }

  private static JsonObject collection(String name) {
    return new JsonObject().put("@odata.id", "/redfish/v1/" + name)
      .put("@odata.type", "#" + singular(name) + "Collection." + singular(name) + "Collection")
      .put("Name", name + " Collection")
      .put("Members", new JsonArray().add(link("/redfish/v1/" + name + "/1")))
      .put("Members@odata.count", 1);
  }

  private JsonObject session(Session session) {
    return new JsonObject()
      .put("@odata.id", options.quirks().sessionsPath() + "/" + session.id)
      .put("@odata.type", "#Session.v1_3_0.Session")
      .put("Id", session.id).put("Name", "User Session").put("UserName", session.user);
  }

  private void stats(RoutingContext ctx) {
    expireIdle();
    json(ctx, 200, new JsonObject().put("activeSessions", sessionsByToken.size()).put("peakSessions", peakSessions)
      .put("logins", logins).put("rejectedLogins", rejectedLogins).put("requests", requests)
      .put("unauthorized", unauthorized).put("connectionsClosed", connectionsClosed)
      .put("bodiesReadThenClosed", bodiesReadThenClosed).put("maxSessions", options.maxSessions())
      .put("resets", new JsonArray(new java.util.ArrayList<>(resets)))
      .put("defaultBootOrders", new JsonArray(new java.util.ArrayList<>(bootOrderResets)))
      .put("lastTraceparent", lastTraceparent));
  }

  private void expireIdle() {
    long now = System.currentTimeMillis();
    sessionsByToken.values().removeIf(s -> idle(s, now));
  }

  private boolean idle(Session session, long now) {
    return now - session.lastUsed > options.sessionTimeoutSeconds() * 1000L;
  }

  private static JsonObject resource(String type, String id) {
    // A ComputerSystem has Boot.BootSourceOverrideMode (v1_1_0) and SetDefaultBootOrder (v1_5_0): typed as it is.
    String version = type.equals("ComputerSystem") ? "v1_5_0" : "v1_0_0";
    return new JsonObject().put("@odata.type", "#" + type + "." + version + "." + type).put("Id", id);
  }

  private static JsonObject link(String path) {
    return new JsonObject().put("@odata.id", path);
  }

  /** UpdateService's MultipartHttpPushUri, simplified: 202 with the size and SHA-256 of what arrived. */
  private void upload(RoutingContext ctx) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long[] bytes = {0};
    ctx.request().handler(chunk -> {
      bytes[0] += chunk.length();
      sha256.update(chunk.getBytes());
    });
    ctx.request().endHandler(v -> json(ctx, 202, new JsonObject().put("@odata.type", "#Task.v1_4_3.Task")
      .put("@odata.id", "/redfish/v1/TaskService/Tasks/1").put("Id", "1").put("Name", "Firmware upload")
      .put("TaskState", "Completed")
      .put("Oem", new JsonObject().put("Sim", new JsonObject().put("Bytes", bytes[0])
        .put("Sha256", HexFormat.of().formatHex(sha256.digest()))))));
  }

  /** ComputerSystem.Reset actions received: ResetType and when (ms since the epoch). */
  private final java.util.List<JsonObject> resets = new java.util.ArrayList<>();

  private void reset(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    String type = body == null ? null : body.getString("ResetType");
    if (type == null || !RESET_TYPES.contains(type)) {
      error(ctx, 400, "Base.1.18.ActionParameterValueNotInList", "The value '" + type
        + "' for the parameter ResetType is not in the list of acceptable values.");
      return;
    }
    // Recorded for batch tests, which check the order and the spacing of the resets the gateway sent.
    resets.add(new JsonObject().put("ResetType", type).put("at", System.currentTimeMillis()));
    answerLater(ctx, options.quirks().resetDelayMillis());
  }

  /** 204 after {@code millis} (at once for 0), as a BMC that holds an action's request while it acts. */
  private void answerLater(RoutingContext ctx, int millis) {
    if (millis == 0) {
      ctx.response().setStatusCode(204).end();
    } else {
      vertx.setTimer(millis, timer -> ctx.response().setStatusCode(204).end());
    }
  }

  /** ComputerSystem.SetDefaultBootOrder actions received: when (ms since the epoch). */
  private final java.util.List<JsonObject> bootOrderResets = new java.util.ArrayList<>();

  /** ComputerSystem.SetDefaultBootOrder (no parameters): the boot order back to the factory's, recorded. */
  private void setDefaultBootOrder(RoutingContext ctx) {
    bootOrderResets.add(new JsonObject().put("member", ctx.pathParam("member")).put("at", System.currentTimeMillis()));
    answerLater(ctx, 0);
  }

  /** {@code bytes} of octet-stream (at most 1 GiB), written as the connection drains, for download tests. */
  private void blob(RoutingContext ctx) {
    long total = Math.min(1L << 30, Long.parseLong(ctx.request().getParam("bytes", "1048576")));
    ctx.response().putHeader("Content-Type", "application/octet-stream").setChunked(true);
    io.vertx.core.buffer.Buffer chunk = io.vertx.core.buffer.Buffer.buffer(new byte[65536]);
    long[] sent = {0};
    Runnable[] write = new Runnable[1];
    write[0] = () -> {
      while (sent[0] < total && !ctx.response().writeQueueFull()) {
        int n = (int) Math.min(chunk.length(), total - sent[0]);
        ctx.response().write(n == chunk.length() ? chunk : chunk.slice(0, n));
        sent[0] += n;
      }
      if (sent[0] >= total) {
        ctx.response().end();
      } else {
        ctx.response().drainHandler(v -> write[0].run());
      }
    };
    write[0].run();
  }

  /**
   * A JSON log of {@code entries} members, each with its own link, streamed; {@code cutAfterBytes}: the BMC breaks
   * the connection off once it has sent that much, as a BMC that reboots mid-answer does; {@code stallAfterBytes}:
   * it stops sending, the connection left open, as a BMC whose web server hangs does.
   */
  private void log(RoutingContext ctx) {
    String path = ctx.request().path();
    int entries = (int) Math.min(1_000_000, Long.parseLong(ctx.request().getParam("entries", "100")));
    long cutAfter = Long.parseLong(ctx.request().getParam("cutAfterBytes", "-1"));
    long stallAfter = Long.parseLong(ctx.request().getParam("stallAfterBytes", "-1"));
    ctx.response().putHeader("Content-Type", "application/json").setChunked(true);
    long[] sent = {0};
    int[] next = {0};
    Runnable[] write = new Runnable[1];
    write[0] = () -> {
      while (!ctx.response().writeQueueFull()) {
        StringBuilder chunk = new StringBuilder();
        if (next[0] == 0) {
          chunk.append("{\"@odata.id\":\"").append(path).append("\",\"Members\":[");
        }
        for (int i = 0; i < 256 && next[0] < entries; i++, next[0]++) {
          chunk.append(next[0] == 0 ? "" : ",").append("{\"@odata.id\":\"/redfish/v1/Managers/1/LogServices/Sel/Entries/")
            .append(next[0]).append("\",\"Message\":\"Entry ").append(next[0]).append(" of the simulated event log\"}");
        }
        boolean last = next[0] >= entries;
        if (last) {
          chunk.append("]}");
        }
        io.vertx.core.buffer.Buffer bytes = io.vertx.core.buffer.Buffer.buffer(chunk.toString());
        sent[0] += bytes.length();
        if (cutAfter >= 0 && sent[0] >= cutAfter) {
          ctx.response().write(bytes).onComplete(v -> ctx.request().connection().close());
          return;
        }
        if (stallAfter >= 0 && sent[0] >= stallAfter) {
          ctx.response().write(bytes);
          return;
        }
        if (last) {
          ctx.response().end(bytes);
          return;
        }
        ctx.response().write(bytes);
      }
      ctx.response().drainHandler(v -> write[0].run());
    };
    write[0].run();
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  private static void error(RoutingContext ctx, int status, String messageId, String message) {
    json(ctx, status, new JsonObject().put("error", new JsonObject().put("code", messageId).put("message", message)
      .put("@Message.ExtendedInfo", new JsonArray().add(new JsonObject().put("MessageId", messageId)
        .put("Message", message).put("Severity", "Critical")))));
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
