package dev.ketch.scheduler.resource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/**
 * What a pod requests of a node, computed as upstream's {@code resource.PodRequests}: the sum of
 * its containers; the largest init container counted against it (each plus the restartable "sidecar"
 * init containers started before it); sidecars running alongside the containers; plus the pod's
 * overhead. Stateless and thread-safe.
 */
public final class PodRequests {

  /** The CPU a container without a CPU request counts as when nodes are scored (100m). */
  public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
  /** The memory a container without a memory request counts as when nodes are scored (200 MB). */
  public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

  private PodRequests() {}

  /** The pod's effective requests, as the NodeResourcesFit filter checks them. */
  public static Resource of(Pod pod) {
    return compute(pod, false);
  }

  /**
   * The pod's requests for scoring: as {@link #of}, except that a container with no CPU or memory
   * request counts as {@link #DEFAULT_MILLI_CPU_REQUEST} and {@link #DEFAULT_MEMORY_REQUEST}, so
   * that many pods without requests do not all land on one node.
   */
  public static Resource nonZero(Pod pod) {
    return compute(pod, true);
  }

  private static Resource compute(Pod pod, boolean nonZero) {
    PodSpec spec = pod.getSpec();
    Resource total = new Resource();
    if (spec == null) {
      return total;
    }
    for (Container c : list(spec.getContainers())) {
      total.add(container(c, nonZero));
    }
    Resource sidecars = new Resource();
    Resource initMax = new Resource();
    for (Container c : list(spec.getInitContainers())) {
      Resource r = container(c, nonZero);
      Resource counted;
      if ("Always".equals(c.getRestartPolicy())) {
        // A sidecar keeps running alongside everything that starts after it.
        total.add(r);
        sidecars.add(r);
        counted = sidecars.copy();
      } else {
        counted = r.copy();
        counted.add(sidecars);
      }
      initMax.setMax(counted);
    }
    total.setMax(initMax);
    if (spec.getOverhead() != null) {
      total.add(spec.getOverhead());
    }
    return total;
  }

  private static Resource container(Container c, boolean nonZero) {
    var requests = c.getResources() == null ? null : c.getResources().getRequests();
    Resource r = Resource.of(requests);
    if (nonZero) {
      if (requests == null || !requests.containsKey(Resource.CPU)) {
        r.withMilliCpu(DEFAULT_MILLI_CPU_REQUEST);
      }
      if (requests == null || !requests.containsKey(Resource.MEMORY)) {
        r.withMemory(DEFAULT_MEMORY_REQUEST);
      }
    }
    return r;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
