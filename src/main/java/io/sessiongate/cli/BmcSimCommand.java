package io.sessiongate.cli;

import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "bmc-sim", mixinStandardHelpOptions = true,
  description = "Run simulated BMCs that speak Redfish (for demos, tests and benchmarks).")
public final class BmcSimCommand implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listen address (default ${DEFAULT-VALUE}).")
  String host;
  @Option(names = "--port", defaultValue = "9001", description = "Port of the first BMC (default ${DEFAULT-VALUE}).")
  int port;
  @Option(names = "--count", defaultValue = "1", description = "How many BMCs, on consecutive ports (default ${DEFAULT-VALUE}).")
  int count;
  @Option(names = "--max-sessions", defaultValue = "16", description = "Concurrent sessions each BMC allows (default ${DEFAULT-VALUE}).")
  int maxSessions;
  @Option(names = "--login-latency-ms", defaultValue = "300", description = "How long a login takes (default ${DEFAULT-VALUE}).")
  int loginLatencyMillis;
  @Option(names = "--session-timeout", defaultValue = "1800", description = "Session inactivity timeout in seconds (default ${DEFAULT-VALUE}).")
  int sessionTimeoutSeconds;
  @Option(names = "--username", defaultValue = "root", description = "Account name (default ${DEFAULT-VALUE}).")
  String username;
  @Option(names = "--password", defaultValue = "calvin", description = "Account password (default ${DEFAULT-VALUE}).")
  String password;
  @Option(names = "--tls", description = "Serve HTTPS with a self-signed certificate (a new one at every start).")
  boolean tls;
  @Option(names = "--login-status", defaultValue = "201", description = "Status of a successful login: 200, 201 or 204 (default ${DEFAULT-VALUE}).")
  int loginStatus;
  @Option(names = "--location", defaultValue = "path", description = "Location of a new session: absolute, path, relative or none (default ${DEFAULT-VALUE}).")
  String location;
  @Option(names = "--no-session-service", description = "No SessionService: HTTP Basic only, as older BMCs and emulators.")
  boolean noSessionService;
  @Option(names = "--close-after", defaultValue = "0", description = "Close each keep-alive connection, without notice, after N answers (0: never).")
  int closeAfter;
  @Option(names = "--idle-close-ms", defaultValue = "0", description = "Close keep-alive connections idle this long, without notice (0: never).")
  int idleCloseMillis;
  @Option(names = "--session-limit-style", defaultValue = "idrac", description = "How a login past --max-sessions is refused: idrac (503 RAC0218), xcc (400 SessionLimitExceeded), ilo (429) (default ${DEFAULT-VALUE}).")
  String sessionLimitStyle;
  @Option(names = "--answer-latency-ms", defaultValue = "0", description = "How long each Redfish request takes to be answered (default ${DEFAULT-VALUE}).")
  int answerLatencyMillis;
  @Option(names = "--sessions-path", defaultValue = SimulatedBmcOptions.Quirks.STANDARD_SESSIONS, description = "Where the Sessions collection is, as the service root's Links.Sessions says (default ${DEFAULT-VALUE}).")
  String sessionsPath;
  @Option(names = "--reset-delay-ms", defaultValue = "0", description = "How long a ComputerSystem.Reset takes to be answered (default ${DEFAULT-VALUE}).")
  int resetDelayMillis;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || port < 1 || port + count - 1 > 65535) {
      System.err.println("sessiongate bmc-sim: --port and --count must give ports within 1-65535");
      return 2;
    }
    SimulatedBmcOptions.Quirks quirks;
    try {
      if (loginStatus != 200 && loginStatus != 201 && loginStatus != 204) {
        throw new IllegalArgumentException("--login-status takes 200, 201 or 204, not " + loginStatus);
      }
      quirks = new SimulatedBmcOptions.Quirks(loginStatus,
        named(SimulatedBmcOptions.LocationStyle.class, "--location", location), noSessionService, closeAfter,
        idleCloseMillis, named(SimulatedBmcOptions.SessionLimitStyle.class, "--session-limit-style", sessionLimitStyle),
        answerLatencyMillis, sessionsPath, resetDelayMillis);
    } catch (IllegalArgumentException e) {
      System.err.println("sessiongate bmc-sim: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      deployed.add(vertx.deployVerticle(new SimulatedBmcVerticle(new SimulatedBmcOptions(host, port + i, username,
        password, maxSessions, loginLatencyMillis, sessionTimeoutSeconds, tls, quirks))));
    }
    try {
      Future.all(deployed).toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("sessiongate bmc-sim: " + e.getCause().getMessage());
      vertx.close();
      return 1;
    }
    System.out.printf("bmc-sim: %d simulated BMC(s) on %s://%s:%d%s (user %s, max %d sessions, login %d ms, %s)%n",
      count, tls ? "https" : "http", host, port, count > 1 ? "-" + (port + count - 1) : "", username, maxSessions,
      loginLatencyMillis, quirks);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  /** The value of {@code type} named {@code text} (any case); another name says first what the option takes. */
  private static <E extends Enum<E>> E named(Class<E> type, String option, String text) {
    List<String> names = java.util.Arrays.stream(type.getEnumConstants())
      .map(value -> value.name().toLowerCase(java.util.Locale.ROOT)).toList();
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException(option + " takes " + String.join(", ", names.subList(0, names.size() - 1))
      + " or " + names.get(names.size() - 1) + ", not '" + text + "'");
  }
}
