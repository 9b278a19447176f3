package io.sessiongate.core.config;

/** A configuration value that cannot be used; the message is one line that names the key and what is allowed. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
