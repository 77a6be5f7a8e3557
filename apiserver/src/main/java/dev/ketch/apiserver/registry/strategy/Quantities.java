package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Set;

/** Resource quantities: their numeric value, how Kubernetes prints them, and resource names. */
public final class Quantities {

  private static final Set<String> STANDARD_CONTAINER = Set.of("cpu", "memory", "ephemeral-storage");

  private Quantities() {}

  /** The numeric value, or null if the quantity does not parse. */
  public static BigDecimal value(Quantity q) {
    if (q == null || q.getAmount() == null) {
      return null;
    }
    try {
      return Quantity.getAmountInBytes(q);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The quantity as written, e.g. {@code 500m} or {@code 1Gi}. */
  public static String text(Quantity q) {
    return q == null ? "0" : Lists.orEmpty(q.getAmount()) + Lists.orEmpty(q.getFormat());
  }

  public static int compare(Quantity a, Quantity b) {
    BigDecimal x = value(a);
    BigDecimal y = value(b);
    return (x == null ? BigDecimal.ZERO : x).compareTo(y == null ? BigDecimal.ZERO : y);
  }

  /** Whether a resource may be requested below its limit (everything but hugepages and extended). */
  public static boolean overcommitAllowed(String name) {
    return STANDARD_CONTAINER.contains(name) || (!name.contains("/") && !name.startsWith("hugepages-"));
  }

  /** The problems of a container resource name. */
  public static java.util.List<String> containerResourceName(String name) {
    java.util.List<String> errs = dev.ketch.apiserver.validation.Names.qualifiedName(name);
    if (!errs.isEmpty()) {
      return errs;
    }
    if (!name.contains("/") && !STANDARD_CONTAINER.contains(name) && !name.startsWith("hugepages-")) {
      return java.util.List.of("must be a standard resource for containers");
    }
    return java.util.List.of();
  }
}
