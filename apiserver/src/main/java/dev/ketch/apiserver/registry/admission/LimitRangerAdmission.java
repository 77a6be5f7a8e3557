package dev.ketch.apiserver.registry.admission;

import dev.ketch.apiserver.registry.AdmissionPlugin;
import dev.ketch.apiserver.registry.AdmissionRequest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LimitRanger plugin for containers: on pod creation, each container (and init container)
 * without a request or limit gets the {@code defaultRequest} and {@code default} of the
 * namespace's Container LimitRanges, noted in the {@code kubernetes.io/limit-ranger} annotation;
 * then each container's requests and limits must respect the items' {@code min} and {@code max}
 * (refused with upstream's {@code minimum cpu usage per Container is …} messages).
 *
 * <p>Not done: Pod-type items (sums over the pod), maxLimitRequestRatio, and PersistentVolumeClaim
 * items.
 */
public final class LimitRangerAdmission implements AdmissionPlugin {

  public static final String ANNOTATION = "kubernetes.io/limit-ranger";

  @Override
  public String name() {
    return "LimitRanger";
  }

  @Override
  public void admit(AdmissionRequest r) {
    Pod pod = Admissions.podCreate(r);
    if (pod == null || pod.getSpec() == null) {
      return;
    }
    List<LimitRangeItem> items = containerItems(r);
    if (items.isEmpty()) {
      return;
    }
    Map<String, Quantity> defaults = new LinkedHashMap<>();
    Map<String, Quantity> defaultRequests = new LinkedHashMap<>();
    for (LimitRangeItem item : items) {
      nonNull(item.getDefault()).forEach(defaults::putIfAbsent);
      nonNull(item.getDefaultRequest()).forEach(defaultRequests::putIfAbsent);
    }
    List<String> notes = new ArrayList<>();
    for (Container c : containers(pod)) {
      ResourceRequirements res = c.getResources() == null ? new ResourceRequirements() : c.getResources();
      Map<String, Quantity> requests = new LinkedHashMap<>(nonNull(res.getRequests()));
      Map<String, Quantity> limits = new LinkedHashMap<>(nonNull(res.getLimits()));
      defaultRequests.forEach((k, v) -> {
        if (!requests.containsKey(k)) {
          requests.put(k, new Quantity(v.getAmount(), v.getFormat()));
          notes.add(k + " request for container " + c.getName());
        }
      });
      defaults.forEach((k, v) -> {
        if (!limits.containsKey(k)) {
          limits.put(k, new Quantity(v.getAmount(), v.getFormat()));
          notes.add(k + " limit for container " + c.getName());
        }
      });
      res.setRequests(requests);
      res.setLimits(limits);
      c.setResources(res);
    }
    if (!notes.isEmpty()) {
      var annotations = pod.getMetadata().getAnnotations() == null
          ? new LinkedHashMap<String, String>() : new LinkedHashMap<>(pod.getMetadata().getAnnotations());
      annotations.put(ANNOTATION, "LimitRanger plugin set: " + String.join("; ", notes));
      pod.getMetadata().setAnnotations(annotations);
    }
  }

  @Override
  public void validate(AdmissionRequest r) {
    Pod pod = Admissions.podCreate(r);
    if (pod == null || pod.getSpec() == null) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (LimitRangeItem item : containerItems(r)) {
      for (Container c : containers(pod)) {
        Map<String, Quantity> requests = c.getResources() == null ? Map.of() : nonNull(c.getResources().getRequests());
        Map<String, Quantity> limits = c.getResources() == null ? Map.of() : nonNull(c.getResources().getLimits());
        nonNull(item.getMin()).forEach((k, min) -> {
          Quantity req = requests.get(k);
          Quantity lim = limits.get(k);
          if (req == null) {
            problems.add("minimum " + k + " usage per Container is " + text(min) + ".  No request is specified");
          } else if (value(req).compareTo(value(min)) < 0) {
            problems.add("minimum " + k + " usage per Container is " + text(min) + ", but request is " + text(req));
          } else if (lim != null && value(lim).compareTo(value(min)) < 0) {
            problems.add("minimum " + k + " usage per Container is " + text(min) + ", but limit is " + text(lim));
          }
        });
        nonNull(item.getMax()).forEach((k, max) -> {
          Quantity req = requests.get(k);
          Quantity lim = limits.get(k);
          if (lim == null) {
            problems.add("maximum " + k + " usage per Container is " + text(max) + ".  No limit is specified");
          } else if (value(lim).compareTo(value(max)) > 0) {
            problems.add("maximum " + k + " usage per Container is " + text(max) + ", but limit is " + text(lim));
          } else if (req != null && value(req).compareTo(value(max)) > 0) {
            problems.add("maximum " + k + " usage per Container is " + text(max) + ", but request is " + text(req));
          }
        });
      }
    }
    if (!problems.isEmpty()) {
      throw Admissions.forbidden(r, Admissions.aggregate(problems));
    }
  }

  private static List<LimitRangeItem> containerItems(AdmissionRequest r) {
    var type = r.lookup().type("", "limitranges");
    List<LimitRangeItem> items = new ArrayList<>();
    for (LimitRange lr : r.lookup().list(type, r.namespace(), LimitRange.class)) {
      if (lr.getSpec() == null || lr.getSpec().getLimits() == null) {
        continue;
      }
      for (LimitRangeItem item : lr.getSpec().getLimits()) {
        if ("Container".equals(item.getType())) {
          items.add(item);
        }
      }
    }
    return items;
  }

  private static List<Container> containers(Pod pod) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec().getInitContainers() != null) {
      all.addAll(pod.getSpec().getInitContainers());
    }
    if (pod.getSpec().getContainers() != null) {
      all.addAll(pod.getSpec().getContainers());
    }
    return all;
  }

  private static <K, V> Map<K, V> nonNull(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  private static String text(Quantity q) {
    return (q.getAmount() == null ? "" : q.getAmount()) + (q.getFormat() == null ? "" : q.getFormat());
  }

  private static BigDecimal value(Quantity q) {
    try {
      return Quantity.getAmountInBytes(q);
    } catch (RuntimeException e) {
      return BigDecimal.ZERO;
    }
  }
}
