package dev.ketch.scheduler.config;

/**
 * A scheduler configuration that cannot be used. The message starts with the path of the field at
 * fault ({@code profiles[0].plugins.score.enabled[1].weight: …}).
 */
public final class ConfigurationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
