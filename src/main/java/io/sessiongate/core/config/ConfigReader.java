package io.sessiongate.core.config;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Typed, validated access to one section of the configuration; every error names the key (and the variable). */
public final class ConfigReader {
  private final JsonObject node;
  private final String prefix;

  ConfigReader(JsonObject node, String prefix) {
    this.node = node == null ? new JsonObject() : node;
    this.prefix = prefix;
  }

  public ConfigReader section(String key) {
    Object value = node.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException(path(key) + ": must be a section (a map of keys), got '" + value + "'");
    }
    return new ConfigReader((JsonObject) value, path(key));
  }

  public String string(String key) {
    Object value = node.getValue(key);
    return value == null ? "" : value.toString();
  }

  public boolean bool(String key) {
    Object value = node.getValue(key);
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    if (text.equals("true")) {
      return true;
    }
    if (text.equals("false") || value == null) {
      return false;
    }
    throw invalid(key, value, "true or false");
  }

  public int integer(String key, int min, int max) {
    Object value = node.getValue(key);
    long number;
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      number = n.longValue();
    } else {
      try {
        number = Long.parseLong(String.valueOf(value).trim());
      } catch (NumberFormatException e) {
        throw invalid(key, value, "an integer from " + min + " to " + max);
      }
    }
    if (number < min || number > max) {
      throw invalid(key, value, "an integer from " + min + " to " + max);
    }
    return (int) number;
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type) {
    Object value = node.getValue(key);
    String text = String.valueOf(value).trim().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      String allowed = Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
      throw invalid(key, value, "one of " + allowed);
    }
  }

  /** A list of strings (a YAML sequence, or a comma-separated value from the environment). */
  public java.util.List<String> strings(String key) {
    Object value = node.getValue(key);
    if (value == null) {
      return java.util.List.of();
    }
    if (value instanceof io.vertx.core.json.JsonArray array) {
      return array.stream().map(String::valueOf).toList();
    }
    String text = value.toString().trim();
    return text.isEmpty() ? java.util.List.of()
      : java.util.Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
  }

  /** A raw sub-tree (for structured settings such as a list of maps); null when absent. */
  public Object raw(String key) {
    return node.getValue(key);
  }

  /** A path prefix: empty or starting with '/', never ending with '/'. */
  public String pathPrefix(String key) {
    String value = string(key).trim();
    if (value.isEmpty() || value.equals("/")) {
      return "";
    }
    if (!value.startsWith("/") || value.endsWith("/") || value.contains("*") || value.contains(":")) {
      throw invalid(key, node.getValue(key), "a path such as /api (starting with /, not ending with /)");
    }
    return value;
  }

  private ConfigException invalid(String key, Object value, String allowed) {
    String source = value instanceof ConfigLoader.EnvValue env ? " (from " + env.variable() + ")" : "";
    return new ConfigException(path(key) + source + ": must be " + allowed + ", got '" + value + "'");
  }

  private String path(String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }
}
