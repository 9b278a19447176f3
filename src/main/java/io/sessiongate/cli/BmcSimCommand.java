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
  @Option(names = "--tls", description = "Serve HTTPS with a self-signed certificate.")
  boolean tls;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || port < 1 || port + count - 1 > 65535) {
      System.err.println("sessiongate bmc-sim: --port and --count must give ports within 1-65535");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      deployed.add(vertx.deployVerticle(new SimulatedBmcVerticle(new SimulatedBmcOptions(host, port + i, username,
        password, maxSessions, loginLatencyMillis, sessionTimeoutSeconds, tls))));
    }
    try {
      Future.all(deployed).toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("sessiongate bmc-sim: " + e.getCause().getMessage());
      vertx.close();
      return 1;
    }
    System.out.printf("bmc-sim: %d simulated BMC(s) on %s://%s:%d%s (user %s, max %d sessions, login %d ms)%n",
      count, tls ? "https" : "http", host, port, count > 1 ? "-" + (port + count - 1) : "", username, maxSessions,
      loginLatencyMillis);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
