package dev.ketch.scheduler.framework;

import dev.ketch.scheduler.resource.PodRequests;
import dev.ketch.scheduler.resource.Resource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod with what the scheduler derives from it computed once: its requests, host ports, priority
 * and compiled affinity terms. The pod object is the informer's and is never changed; the node a
 * pod is (or is assumed to be) on is held here, so assuming a pod needs no copy of it. Immutable
 * and thread-safe.
 */
public final class PodInfo {

  private final Pod pod;
  private final String nodeName;
  private final Derived derived;

  /** What is computed from the pod's spec, shared between copies that differ only in node. */
  private record Derived(
      String uid,
      String namespace,
      String name,
      Map<String, String> labels,
      int priority,
      Resource requests,
      Resource nonZeroRequests,
      List<HostPort> hostPorts,
      List<AffinityTerm> requiredAffinity,
      List<AffinityTerm> requiredAntiAffinity,
      List<AffinityTerm.Weighted> preferredAffinity,
      List<AffinityTerm.Weighted> preferredAntiAffinity,
      String affinityError) {}

  private PodInfo(Pod pod, String nodeName, Derived derived) {
    this.pod = pod;
    this.nodeName = nodeName;
    this.derived = derived;
  }

  /** Derives everything from {@code pod}; the node is the pod's spec.nodeName. */
  public static PodInfo of(Pod pod) {
    var meta = pod.getMetadata();
    var spec = pod.getSpec();
    List<AffinityTerm> reqAff = List.of();
    List<AffinityTerm> reqAnti = List.of();
    List<AffinityTerm.Weighted> prefAff = List.of();
    List<AffinityTerm.Weighted> prefAnti = List.of();
    String error = null;
    var affinity = spec == null ? null : spec.getAffinity();
    try {
      if (affinity != null && affinity.getPodAffinity() != null) {
        reqAff = terms(pod, affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        prefAff = weighted(pod, affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
      }
      if (affinity != null && affinity.getPodAntiAffinity() != null) {
        reqAnti = terms(pod, affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        prefAnti = weighted(pod, affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
      }
    } catch (IllegalArgumentException e) {
      error = e.getMessage();
    }
    Derived d = new Derived(
        uidOf(pod),
        meta.getNamespace(),
        meta.getName(),
        meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels()),
        spec == null || spec.getPriority() == null ? 0 : spec.getPriority(),
        PodRequests.of(pod),
        PodRequests.nonZero(pod),
        List.copyOf(HostPort.of(pod)),
        reqAff, reqAnti, prefAff, prefAnti, error);
    return new PodInfo(pod, spec == null || spec.getNodeName() == null ? "" : spec.getNodeName(), d);
  }

  private static List<AffinityTerm> terms(Pod pod, List<PodAffinityTerm> terms) {
    if (terms == null || terms.isEmpty()) {
      return List.of();
    }
    List<AffinityTerm> out = new ArrayList<>(terms.size());
    for (PodAffinityTerm t : terms) {
      out.add(AffinityTerm.of(pod, t));
    }
    return List.copyOf(out);
  }

  private static List<AffinityTerm.Weighted> weighted(Pod pod, List<WeightedPodAffinityTerm> terms) {
    if (terms == null || terms.isEmpty()) {
      return List.of();
    }
    List<AffinityTerm.Weighted> out = new ArrayList<>(terms.size());
    for (WeightedPodAffinityTerm t : terms) {
      out.add(new AffinityTerm.Weighted(AffinityTerm.of(pod, t.getPodAffinityTerm()), t.getWeight() == null ? 0 : t.getWeight()));
    }
    return List.copyOf(out);
  }

  /** The key the scheduler knows a pod by: its UID (namespace/name for objects without one, in tests). */
  public static String uidOf(Pod pod) {
    var meta = pod.getMetadata();
    return meta.getUid() == null ? meta.getNamespace() + "/" + meta.getName() : meta.getUid();
  }

  /** The profile a pod asks for: spec.schedulerName, "default-scheduler" when unset. */
  public static String schedulerNameOf(Pod pod) {
    String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
    return name == null || name.isEmpty() ? "default-scheduler" : name;
  }

  /** This pod placed on {@code node} (assumed there), sharing everything derived. */
  public PodInfo withNodeName(String node) {
    return new PodInfo(pod, node, derived);
  }

  /** The informer's pod object; never modify it. */
  public Pod pod() {
    return pod;
  }

  /** The node the pod is bound or assumed to, or "" when it has none. */
  public String nodeName() {
    return nodeName;
  }

  public String uid() {
    return derived.uid;
  }

  public String namespace() {
    return derived.namespace;
  }

  public String name() {
    return derived.name;
  }

  /** "namespace/name", for logs and messages. */
  public String key() {
    return derived.namespace + "/" + derived.name;
  }

  public Map<String, String> labels() {
    return derived.labels;
  }

  /** spec.priority, 0 when unset. */
  public int priority() {
    return derived.priority;
  }

  /** What the pod requests (NodeResourcesFit's filter view); never modify it. */
  public Resource requests() {
    return derived.requests;
  }

  /** What the pod counts as when scoring, with defaults for missing CPU and memory requests; never modify it. */
  public Resource nonZeroRequests() {
    return derived.nonZeroRequests;
  }

  public List<HostPort> hostPorts() {
    return derived.hostPorts;
  }

  public List<AffinityTerm> requiredAffinityTerms() {
    return derived.requiredAffinity;
  }

  public List<AffinityTerm> requiredAntiAffinityTerms() {
    return derived.requiredAntiAffinity;
  }

  public List<AffinityTerm.Weighted> preferredAffinityTerms() {
    return derived.preferredAffinity;
  }

  public List<AffinityTerm.Weighted> preferredAntiAffinityTerms() {
    return derived.preferredAntiAffinity;
  }

  /** Whether the pod has any pod affinity or anti-affinity term, required or preferred. */
  public boolean hasAffinity() {
    return !derived.requiredAffinity.isEmpty() || !derived.requiredAntiAffinity.isEmpty()
        || !derived.preferredAffinity.isEmpty() || !derived.preferredAntiAffinity.isEmpty();
  }

  /** Why the pod's affinity terms could not be compiled, or null. */
  public String affinityError() {
    return derived.affinityError;
  }

  /** Whether the pod is being deleted. */
  public boolean terminating() {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  @Override
  public String toString() {
    return key() + (nodeName.isEmpty() ? "" : "@" + nodeName);
  }
}
