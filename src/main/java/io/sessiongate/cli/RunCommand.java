package io.sessiongate.cli;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.Gateway;
import io.sessiongate.core.config.GatewayConfig;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true,
  description = "Start the gateway (the default when no subcommand is given).")
public final class RunCommand implements Callable<Integer> {
  @Mixin
  ConfOption conf = new ConfOption();

  @Option(names = "--cluster", description = "Join the cluster (same as SESSIONGATE_CLUSTER_ENABLED=true).")
  boolean cluster;

  /** Beyond the HTTP grace period: releasing duties, logging out of BMCs, closing the store, leaving the cluster. */
  private static final long STOP_MARGIN_SECONDS = 15;

  @Override
  public Integer call() throws Exception {
    Gateway gateway;
    try {
      GatewayConfig config = conf.load(cluster ? Map.of("cluster.enabled", "true") : Map.of());
      gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (ConfigException e) {
      System.err.println("sessiongate: " + e.getMessage());
      return 2;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException) {
        System.err.println("sessiongate: " + cause.getMessage());
        return 2;
      }
      System.err.println("sessiongate: could not start: " + cause.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM/SIGINT: drain (Gateway.stop) before the JVM exits; the hook returning lets it exit.
    long bound = gateway.config().http().shutdownGraceSeconds() + STOP_MARGIN_SECONDS;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        gateway.stop().toCompletionStage().toCompletableFuture().get(bound, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("sessiongate: did not stop cleanly within " + bound + " s: " + e);
      } finally {
        stopped.countDown();
      }
    }, "sessiongate-shutdown"));
    stopped.await();
    return 0;
  }
}
