package dev.ketch.scheduler.resource;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * An amount of each compute resource: CPU in millicores, memory and ephemeral storage in bytes,
 * a pod count, and scalar resources (extended resources such as {@code example.com/gpu}, hugepages)
 * by name. A mutable accumulator: the scheduler sums pods' requests into a node's total with it.
 * Not thread-safe; whoever holds one owns it, and hands out {@link #copy()}s.
 */
public final class Resource {

  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final String PODS = "pods";

  private long milliCpu;
  private long memory;
  private long ephemeralStorage;
  private long allowedPods;
  private Map<String, Long> scalars;

  public Resource() {}

  /** The resources of a ResourceList (requests, allocatable), ignoring names that are not schedulable. */
  public static Resource of(Map<String, Quantity> list) {
    Resource r = new Resource();
    r.add(list);
    return r;
  }

  /** A resource with the given CPU (millicores) and memory (bytes), for tests and defaults. */
  public static Resource of(long milliCpu, long memory) {
    Resource r = new Resource();
    r.milliCpu = milliCpu;
    r.memory = memory;
    return r;
  }

  /** Whether the scheduler counts {@code name} as a scalar resource, as upstream's IsScalarResourceName. */
  public static boolean isScalar(String name) {
    if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) {
      return true;
    }
    // Extended resources are domain-qualified and outside kubernetes.io (requests.* are quota names).
    return name.indexOf('/') > 0 && !name.startsWith("kubernetes.io/") && !name.startsWith("requests.");
  }

  public void add(Map<String, Quantity> list) {
    if (list == null) {
      return;
    }
    list.forEach((name, q) -> {
      switch (name) {
        case CPU -> milliCpu += Quantities.milliValue(q);
        case MEMORY -> memory += Quantities.value(q);
        case EPHEMERAL_STORAGE -> ephemeralStorage += Quantities.value(q);
        case PODS -> allowedPods += Quantities.value(q);
        default -> {
          if (isScalar(name)) {
            addScalar(name, Quantities.value(q));
          }
        }
      }
    });
  }

  /** Adds every amount of {@code other} to this one. */
  public void add(Resource other) {
    milliCpu += other.milliCpu;
    memory += other.memory;
    ephemeralStorage += other.ephemeralStorage;
    allowedPods += other.allowedPods;
    if (other.scalars != null) {
      other.scalars.forEach(this::addScalar);
    }
  }

  /** Subtracts every amount of {@code other} from this one. */
  public void subtract(Resource other) {
    milliCpu -= other.milliCpu;
    memory -= other.memory;
    ephemeralStorage -= other.ephemeralStorage;
    allowedPods -= other.allowedPods;
    if (other.scalars != null) {
      other.scalars.forEach((k, v) -> addScalar(k, -v));
    }
  }

  /** Raises each amount to {@code other}'s where that is larger. */
  public void setMax(Resource other) {
    milliCpu = Math.max(milliCpu, other.milliCpu);
    memory = Math.max(memory, other.memory);
    ephemeralStorage = Math.max(ephemeralStorage, other.ephemeralStorage);
    allowedPods = Math.max(allowedPods, other.allowedPods);
    if (other.scalars != null) {
      other.scalars.forEach((k, v) -> setScalar(k, Math.max(scalar(k), v)));
    }
  }

  public void addScalar(String name, long amount) {
    setScalar(name, scalar(name) + amount);
  }

  public void setScalar(String name, long amount) {
    if (scalars == null) {
      scalars = new HashMap<>(4);
    }
    scalars.put(name, amount);
  }

  /** Drops every scalar amount. */
  public void clearScalars() {
    scalars = null;
  }

  public Resource copy() {
    Resource r = new Resource();
    r.milliCpu = milliCpu;
    r.memory = memory;
    r.ephemeralStorage = ephemeralStorage;
    r.allowedPods = allowedPods;
    if (scalars != null) {
      r.scalars = new HashMap<>(scalars);
    }
    return r;
  }

  public long milliCpu() {
    return milliCpu;
  }

  public long memory() {
    return memory;
  }

  public long ephemeralStorage() {
    return ephemeralStorage;
  }

  public long allowedPods() {
    return allowedPods;
  }

  public long scalar(String name) {
    return scalars == null ? 0 : scalars.getOrDefault(name, 0L);
  }

  /** The scalar resources by name; read-only. */
  public Map<String, Long> scalars() {
    return scalars == null ? Map.of() : Collections.unmodifiableMap(scalars);
  }

  /** The amount of any resource by its API name: cpu in millicores, the others in units. */
  public long get(String name) {
    return switch (name) {
      case CPU -> milliCpu;
      case MEMORY -> memory;
      case EPHEMERAL_STORAGE -> ephemeralStorage;
      case PODS -> allowedPods;
      default -> scalar(name);
    };
  }

  /** Whether nothing is requested: no CPU, memory, storage or scalar amount. */
  public boolean isEmptyRequest() {
    if (milliCpu != 0 || memory != 0 || ephemeralStorage != 0) {
      return false;
    }
    return scalars == null || scalars.values().stream().allMatch(v -> v == 0);
  }

  public Resource withMilliCpu(long v) {
    milliCpu = v;
    return this;
  }

  public Resource withMemory(long v) {
    memory = v;
    return this;
  }

  public Resource withEphemeralStorage(long v) {
    ephemeralStorage = v;
    return this;
  }

  public Resource withAllowedPods(long v) {
    allowedPods = v;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resource r && r.milliCpu == milliCpu && r.memory == memory && r.ephemeralStorage == ephemeralStorage
        && r.allowedPods == allowedPods && r.scalars().equals(scalars());
  }

  @Override
  public int hashCode() {
    return Long.hashCode(milliCpu) * 31 + Long.hashCode(memory);
  }

  @Override
  public String toString() {
    return "Resource{cpu=" + milliCpu + "m, memory=" + memory + ", ephemeral-storage=" + ephemeralStorage + ", pods=" + allowedPods
        + (scalars == null ? "" : ", " + scalars) + "}";
  }
}
