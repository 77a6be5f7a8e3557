package dev.ketch.controllers.manager;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link ControllerManager} runs.
 *
 * @param controllers the controllers to run
 * @param clock the clock of queues, back-off and timestamps
 * @param leaderElection when to run them (default: at once)
 * @param informerResync how often informers replay their caches to handlers; zero for never
 * @param host the name written as the reporting instance of events
 */
public record ControllerManagerConfig(
    List<ControllerDescriptor> controllers,
    Clock clock,
    LeaderElection leaderElection,
    Duration informerResync,
    String host) {

  public ControllerManagerConfig {
    controllers = List.copyOf(controllers);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(leaderElection, "leaderElection");
    Objects.requireNonNull(informerResync, "informerResync");
    Objects.requireNonNull(host, "host");
  }

  /** The built-in controllers, the system clock, always leading, no resync. */
  public static ControllerManagerConfig defaults() {
    return new ControllerManagerConfig(BuiltInControllers.all(), Clock.system(), LeaderElection.alwaysLeader(),
        Duration.ZERO, hostName());
  }

  public ControllerManagerConfig withControllers(List<ControllerDescriptor> list) {
    return new ControllerManagerConfig(list, clock, leaderElection, informerResync, host);
  }

  public ControllerManagerConfig withClock(Clock c) {
    return new ControllerManagerConfig(controllers, c, leaderElection, informerResync, host);
  }

  public ControllerManagerConfig withLeaderElection(LeaderElection l) {
    return new ControllerManagerConfig(controllers, clock, l, informerResync, host);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
