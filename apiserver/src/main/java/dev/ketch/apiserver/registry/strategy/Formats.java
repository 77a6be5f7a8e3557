package dev.ketch.apiserver.registry.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Value formats of Kubernetes' {@code k8s.io/apimachinery/pkg/util/validation} beyond object
 * names (which {@link dev.ketch.apiserver.validation.Names} covers): port numbers and names,
 * environment variable names, configuration keys, percentages, IP addresses. Each returns the
 * problems found as Kubernetes words them; empty means valid.
 */
public final class Formats {

  /** The most bytes the data of one ConfigMap or Secret may hold (core.MaxSecretSize). */
  public static final int MAX_CONFIG_SIZE = 1024 * 1024;

  private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
  private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*");
  private static final String CONFIG_KEY_RE = "[-._a-zA-Z0-9]+";
  private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_RE);
  private static final String PERCENT_RE = "[0-9]+%";
  private static final Pattern PERCENT = Pattern.compile(PERCENT_RE);
  private static final Pattern RELAXED_ENV = Pattern.compile("[ -<>-~]+");

  private Formats() {}

  /** Kubernetes' InclusiveRangeError. */
  public static String inclusiveRange(long lo, long hi) {
    return "must be between " + lo + " and " + hi + ", inclusive";
  }

  public static List<String> portNumber(long port) {
    return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRange(1, 65535));
  }

  /** An IANA_SVC_NAME: container port names and named target ports. */
  public static List<String> portName(String port) {
    List<String> errs = new ArrayList<>();
    if (port.length() > 15) {
      errs.add("must be no more than 15 characters");
    }
    if (!PORT_NAME_CHARSET.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!ONE_LETTER.matcher(port).matches()) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (port.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  /**
   * An environment variable name, with the relaxed rule Kubernetes 1.32 applies by default
   * (RelaxedEnvironmentVariableValidation): printable ASCII other than '='.
   */
  public static List<String> envVarName(String name) {
    if (RELAXED_ENV.matcher(name).matches()) {
      return List.of();
    }
    return List.of("a valid environment variable name must consist only of printable ASCII characters other than '='");
  }

  /** A key of ConfigMap or Secret data, and of projected items. */
  public static List<String> configKey(String key) {
    List<String> errs = new ArrayList<>();
    if (key.length() > 253) {
      errs.add("must be no more than 253 characters");
    }
    if (!CONFIG_KEY.matcher(key).matches()) {
      errs.add("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
          + "'KEY_NAME',  or 'key-name', regex used for validation is '" + CONFIG_KEY_RE + "')");
    }
    if (key.equals(".")) {
      errs.add("must not be '.'");
    } else if (key.equals("..")) {
      errs.add("must not be '..'");
    } else if (key.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  public static List<String> percent(String value) {
    if (PERCENT.matcher(value).matches()) {
      return List.of();
    }
    return List.of("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
        + "regex used for validation is '" + PERCENT_RE + "')");
  }

  public static List<String> ip(String value) {
    return IpAddresses.parse(value) == null
        ? List.of("must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")
        : List.of();
  }
}
