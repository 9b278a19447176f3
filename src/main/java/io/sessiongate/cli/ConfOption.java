package io.sessiongate.cli;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigLoader;
import io.sessiongate.core.config.GatewayConfig;
import io.vertx.core.Vertx;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --conf} option every subcommand shares, and loading the configuration it names. */
final class ConfOption {
  @Option(names = "--conf", paramLabel = "FILE",
    description = "YAML configuration file (default: conf/sessiongate.yaml when present, else the built-in defaults). "
      + "Every key can be overridden by SESSIONGATE_<KEY_PATH>, e.g. SESSIONGATE_HTTP_PORT=9443.")
  Path file;

  /** Reads the file and the environment; {@code overrides} win over both (command-line flags). */
  GatewayConfig load(java.util.Map<String, String> overrides) {
    Vertx vertx = Vertx.vertx();
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    overrides.forEach((key, value) -> env.put(ConfigLoader.envName(key), value));
    try {
      return ConfigLoader.load(vertx, file, env).toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof ConfigException config ? config
        : new ConfigException("configuration could not be loaded: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while loading the configuration");
    } finally {
      vertx.close();
    }
  }
}
