package dev.ketch.scheduler.framework;

import java.util.HashSet;
import java.util.Set;

/**
 * What a PreFilter plugin found.
 *
 * @param status success, skip (the plugin's Filter is not needed for this pod), or a rejection of
 *     the pod on every node
 * @param nodeNames the only nodes worth filtering, or null for all
 */
public record PreFilterResult(Status status, Set<String> nodeNames) {

  public PreFilterResult {
    nodeNames = nodeNames == null ? null : Set.copyOf(nodeNames);
  }

  public static PreFilterResult of(Status status) {
    return new PreFilterResult(status, null);
  }

  /** The nodes both results allow; null means all. */
  public static Set<String> intersect(Set<String> a, Set<String> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Set<String> out = new HashSet<>(a);
    out.retainAll(b);
    return out;
  }
}
