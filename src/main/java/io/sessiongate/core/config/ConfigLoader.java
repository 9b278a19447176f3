package io.sessiongate.core.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the configuration with vertx-config: the defaults packed in the jar, then the YAML file, then
 * environment variables named {@code SESSIONGATE_<KEY_PATH>}. Only keys that exist in the defaults can be
 * overridden from the environment, so a variable maps to exactly one key.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "SESSIONGATE_";
  private static final String DEFAULTS_RESOURCE = "conf/sessiongate.yaml";

  private ConfigLoader() {
  }

  /** Loads and validates; {@code confFile} may be null (then {@code conf/sessiongate.yaml} is used if present). */
  public static Future<GatewayConfig> load(Vertx vertx, Path confFile, Map<String, String> env) {
    Path file = confFile;
    if (file == null && Files.isRegularFile(Path.of(DEFAULTS_RESOURCE))) {
      file = Path.of(DEFAULTS_RESOURCE);
    }
    if (file != null && !Files.isRegularFile(file)) {
      return Future.failedFuture(new ConfigException("--conf: no such file " + file));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .addStore(yaml(DEFAULTS_RESOURCE));
    if (file != null) {
      options.addStore(yaml(file.toString()));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
      .eventually(retriever::close)
      .recover(err -> Future.failedFuture(new ConfigException("configuration could not be read: " + err.getMessage())))
      .map(json -> GatewayConfig.from(overlayEnvironment(json, env)));
  }

  private static ConfigStoreOptions yaml(String path) {
    return new ConfigStoreOptions().setType("file").setFormat("yaml").setConfig(new JsonObject().put("path", path));
  }

  /** Each leaf key of {@code config} takes the value of its environment variable when one is set. */
  static JsonObject overlayEnvironment(JsonObject config, Map<String, String> env) {
    JsonObject result = config.copy();
    overlay(result, "", env);
    return result;
  }

  private static void overlay(JsonObject node, String prefix, Map<String, String> env) {
    for (String key : node.fieldNames()) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object value = node.getValue(key);
      if (value instanceof JsonObject child) {
        overlay(child, path, env);
        continue;
      }
      String fromEnv = env.get(envName(path));
      if (fromEnv != null) {
        node.put(key, new EnvValue(envName(path), fromEnv));
      }
    }
  }

  public static String envName(String keyPath) {
    return ENV_PREFIX + keyPath.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** A value that came from the environment: always a string, coerced and reported with its variable name. */
  record EnvValue(String variable, String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
