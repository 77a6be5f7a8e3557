package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A pod's quality-of-service class, computed as Kubernetes' qos.GetPodQOS does. */
public final class PodQos {

  private static final Set<String> QOS_RESOURCES = Set.of("cpu", "memory");

  private PodQos() {}

  /** Guaranteed, Burstable or BestEffort. */
  public static String of(PodSpec spec) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    List<Container> all = new ArrayList<>(Lists.of(spec.getInitContainers()));
    all.addAll(Lists.of(spec.getContainers()));
    for (Container c : all) {
      var r = c.getResources();
      Map<String, Quantity> req = r == null ? Map.of() : Lists.of(r.getRequests());
      Map<String, Quantity> lim = r == null ? Map.of() : Lists.of(r.getLimits());
      sum(req, requests, null);
      Set<String> limitsFound = new HashSet<>();
      sum(lim, limits, limitsFound);
      if (!limitsFound.containsAll(QOS_RESOURCES)) {
        guaranteed = false;
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (var e : requests.entrySet()) {
        BigDecimal l = limits.get(e.getKey());
        if (l == null || l.compareTo(e.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
  }

  private static void sum(Map<String, Quantity> in, Map<String, BigDecimal> total, Set<String> found) {
    for (var e : in.entrySet()) {
      if (!QOS_RESOURCES.contains(e.getKey())) {
        continue;
      }
      BigDecimal v = Quantities.value(e.getValue());
      if (v == null || v.signum() == 0) {
        continue;
      }
      if (found != null) {
        found.add(e.getKey());
      }
      total.merge(e.getKey(), v, BigDecimal::add);
    }
  }
}
