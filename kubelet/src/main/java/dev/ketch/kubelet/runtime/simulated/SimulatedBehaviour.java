package dev.ketch.kubelet.runtime.simulated;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How simulated containers of one pod behave, read from the pod's annotations so that tests (and
 * scale runs) can make pods fail, exit or stay unready without a process. Every annotation takes
 * either one value for all the pod's containers ({@code "1"}) or values per container name
 * ({@code "app=1,init=0"}); containers not named behave normally.
 *
 * <ul>
 *   <li>{@value #EXIT_CODE}: the container exits on its own with this code, right after it
 *       starts unless {@value #FAIL_AFTER} says when; {@code OOMKilled} exits 137 with reason
 *       OOMKilled.
 *   <li>{@value #FAIL_AFTER}: the container exits after running this long ({@code 30s}, {@code
 *       500ms}, {@code 2m}), with {@value #EXIT_CODE} or else 1.
 *   <li>{@value #NEVER_READY}: {@code true}: its readiness probes always fail (a container without
 *       a readiness probe is ready when it runs, as in Kubernetes).
 *   <li>{@value #UNHEALTHY_AFTER}: its liveness probes fail once it has run this long.
 *   <li>{@value #START_ERROR}: starting it fails as a missing command does, with this message.
 *   <li>{@value #CREATE_ERROR}: creating it fails as a refused config does, with this message.
 *   <li>{@value #PULL_ERROR}: pulling its image fails with this message.
 * </ul>
 *
 * Immutable.
 */
public record SimulatedBehaviour(Map<String, String> annotations) {

  public static final String PREFIX = "ketch.dev/simulate-";
  public static final String EXIT_CODE = PREFIX + "exit-code";
  public static final String FAIL_AFTER = PREFIX + "fail-after";
  public static final String NEVER_READY = PREFIX + "never-ready";
  public static final String UNHEALTHY_AFTER = PREFIX + "unhealthy-after";
  public static final String START_ERROR = PREFIX + "start-error";
  public static final String CREATE_ERROR = PREFIX + "create-error";
  public static final String PULL_ERROR = PREFIX + "pull-error";

  /** What a container does on its own: exit after {@code after} with {@code exitCode}/{@code reason}. */
  public record Exit(Duration after, int exitCode, String reason) {}

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern PER_CONTAINER = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?=.*");

  public SimulatedBehaviour {
    Map<String, String> ours = new HashMap<>();
    annotations.forEach((k, v) -> {
      if (k.startsWith(PREFIX)) {
        ours.put(k, v);
      }
    });
    annotations = Map.copyOf(ours);
  }

  public static SimulatedBehaviour none() {
    return new SimulatedBehaviour(Map.of());
  }

  /** The annotation's value for {@code container}, if the annotation applies to it. */
  Optional<String> value(String annotation, String container) {
    String raw = annotations.get(annotation);
    if (raw == null) {
      return Optional.empty();
    }
    String v = raw.trim();
    if (!PER_CONTAINER.matcher(v).matches()) {
      return Optional.of(v);
    }
    for (String part : v.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equals(container)) {
        return Optional.of(part.substring(eq + 1).trim());
      }
    }
    return Optional.empty();
  }

  /** When and how the container exits by itself, if it does. */
  public Optional<Exit> exit(String container) {
    Optional<String> code = value(EXIT_CODE, container);
    Optional<Duration> after = value(FAIL_AFTER, container).map(SimulatedBehaviour::duration);
    if (code.isEmpty() && after.isEmpty()) {
      return Optional.empty();
    }
    Duration when = after.orElse(Duration.ZERO);
    if (code.isPresent() && code.get().equalsIgnoreCase("OOMKilled")) {
      return Optional.of(new Exit(when, 137, "OOMKilled"));
    }
    int exitCode = code.map(SimulatedBehaviour::integer).orElse(1);
    return Optional.of(new Exit(when, exitCode, exitCode == 0 ? "Completed" : "Error"));
  }

  public boolean neverReady(String container) {
    return value(NEVER_READY, container).map(v -> v.isEmpty() || Boolean.parseBoolean(v)).orElse(false);
  }

  public Optional<Duration> unhealthyAfter(String container) {
    return value(UNHEALTHY_AFTER, container).map(SimulatedBehaviour::duration);
  }

  public Optional<String> startError(String container) {
    return value(START_ERROR, container);
  }

  public Optional<String> createError(String container) {
    return value(CREATE_ERROR, container);
  }

  public Optional<String> pullError(String container) {
    return value(PULL_ERROR, container);
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
      end = m.end();
    }
    if (end == 0 || end != text.trim().length()) {
      // An unreadable duration behaves as "at once" rather than failing the container's creation.
      return Duration.ZERO;
    }
    return total;
  }

  private static int integer(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
