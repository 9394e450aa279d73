package io.wayfarer.shared.config;

/**
 * A configuration or world-data problem that stops the start; its message names the key or file at
 * fault.
 */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
