package dev.ketch.junit;

import dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour;

/**
 * Pod annotations that make containers on simulated nodes misbehave. Each takes one value for all
 * the pod's containers ({@code "1"}) or values per container ({@code "app=1,sidecar=0"}).
 */
public final class PodBehaviour {

  /** The container exits by itself with this code ({@code OOMKilled}: 137, reason OOMKilled). */
  public static final String EXIT_CODE = SimulatedBehaviour.EXIT_CODE;
  /** The container exits after running this long ({@code 500ms}, {@code 30s}), with {@link #EXIT_CODE} or 1. */
  public static final String FAIL_AFTER = SimulatedBehaviour.FAIL_AFTER;
  /** {@code true}: readiness probes always fail (a container without a readiness probe is ready once running, as in Kubernetes). */
  public static final String NEVER_READY = SimulatedBehaviour.NEVER_READY;
  /** Liveness probes fail once the container has run this long. */
  public static final String UNHEALTHY_AFTER = SimulatedBehaviour.UNHEALTHY_AFTER;
  /** Starting the container fails with this message. */
  public static final String START_ERROR = SimulatedBehaviour.START_ERROR;
  /** Creating the container fails with this message. */
  public static final String CREATE_ERROR = SimulatedBehaviour.CREATE_ERROR;
  /** Pulling the container's image fails with this message. */
  public static final String PULL_ERROR = SimulatedBehaviour.PULL_ERROR;

  private PodBehaviour() {}

  /** The full annotation name of a short one ({@code exit-code}), or the name itself when already full. */
  static String annotation(String name) {
    return name.startsWith(SimulatedBehaviour.PREFIX) ? name : SimulatedBehaviour.PREFIX + name;
  }
}
