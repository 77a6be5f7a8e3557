package dev.ketch.controllers.daemonset;

import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.scheduling.NodeAffinity;
import dev.ketch.controllers.scheduling.Taints;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a DaemonSet's pods look like and where they belong (upstream's daemon/util): the
 * tolerations every daemon pod gets, the node affinity that pins a pod to its node for the
 * scheduler, the revision labels, and whether a node should run (or may keep running) a pod.
 */
final class DaemonPods {

  static final String API_VERSION = "apps/v1";
  static final String KIND = "DaemonSet";
  /** The pod label holding the revision hash. */
  static final String HASH_LABEL = "controller-revision-hash";
  /** The pod label holding the template generation. */
  static final String GENERATION_LABEL = "pod-template-generation";
  /** Where apps/v1 keeps the template generation. */
  static final String GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

  private DaemonPods() {}

  /** The two answers of NodeShouldRunDaemonPod. */
  record Placement(boolean shouldRun, boolean shouldContinueRunning) {}

  /** The template generation from the DaemonSet's annotation, or null. */
  static Long templateGeneration(DaemonSet ds) {
    Map<String, String> annotations = ds.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(GENERATION_ANNOTATION);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Adds the tolerations every daemon pod has (AddOrUpdateDaemonPodTolerations): not-ready and
   * unreachable NoExecute, the pressure and unschedulable NoSchedule taints, and
   * network-unavailable for host-network pods.
   */
  static void addDaemonTolerations(PodSpec spec) {
    add(spec, "node.kubernetes.io/not-ready", Taints.NO_EXECUTE);
    add(spec, "node.kubernetes.io/unreachable", Taints.NO_EXECUTE);
    add(spec, "node.kubernetes.io/disk-pressure", Taints.NO_SCHEDULE);
    add(spec, "node.kubernetes.io/memory-pressure", Taints.NO_SCHEDULE);
    add(spec, "node.kubernetes.io/pid-pressure", Taints.NO_SCHEDULE);
    add(spec, "node.kubernetes.io/unschedulable", Taints.NO_SCHEDULE);
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      add(spec, "node.kubernetes.io/network-unavailable", Taints.NO_SCHEDULE);
    }
  }

  private static void add(PodSpec spec, String key, String effect) {
    Toleration wanted = new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
    List<Toleration> list = spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
    list.removeIf(t -> Objects.equals(t.getKey(), key) && Objects.equals(t.getEffect(), effect)
        && Objects.equals(t.getOperator(), "Exists"));
    list.add(wanted);
    spec.setTolerations(list);
  }

  /** The template pods are created from (CreatePodTemplate): daemon tolerations and revision labels. */
  static PodTemplateSpec podTemplate(DaemonSet ds, String hash) {
    PodTemplateSpec t = Pods.copy(ds.getSpec().getTemplate());
    addDaemonTolerations(t.getSpec());
    if (t.getMetadata().getLabels() == null) {
      t.getMetadata().setLabels(new LinkedHashMap<>());
    }
    Long generation = templateGeneration(ds);
    if (generation != null) {
      t.getMetadata().getLabels().put(GENERATION_LABEL, Long.toString(generation));
    }
    if (hash != null && !hash.isEmpty()) {
      t.getMetadata().getLabels().put(HASH_LABEL, hash);
    }
    return t;
  }

  /** A new pod for {@code node}: the template with its required node affinity replaced by the node's name. */
  static Pod newPod(DaemonSet ds, PodTemplateSpec template, String node) {
    Pod pod = Pods.fromTemplate(template, ds.getMetadata().getNamespace(), ControllerRefs.newControllerRef(ds, API_VERSION, KIND));
    pod.getMetadata().setGenerateName(ds.getMetadata().getName() + "-");
    pod.getSpec().setAffinity(pinnedTo(pod.getSpec().getAffinity(), node));
    return pod;
  }

  /** ReplaceDaemonSetPodNodeNameNodeAffinity: required node affinity on {@code metadata.name In [node]}. */
  static Affinity pinnedTo(Affinity affinity, String node) {
    NodeSelectorTerm term = new NodeSelectorTermBuilder().withMatchFields(new NodeSelectorRequirementBuilder()
        .withKey("metadata.name").withOperator("In").withValues(node).build()).build();
    NodeSelector selector = new NodeSelectorBuilder().withNodeSelectorTerms(term).build();
    Affinity a = affinity == null ? new Affinity() : affinity;
    if (a.getNodeAffinity() == null) {
      a.setNodeAffinity(new NodeAffinityBuilder().withRequiredDuringSchedulingIgnoredDuringExecution(selector).build());
    } else if (a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      a.getNodeAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(selector);
    } else {
      a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().setNodeSelectorTerms(new ArrayList<>(List.of(term)));
    }
    return a;
  }

  /** The node a daemon pod is on or aimed at: its nodeName, else its node affinity (GetTargetNodeName). */
  static String targetNode(Pod pod) {
    String bound = Pods.nodeName(pod);
    return bound != null ? bound : pod.getSpec() == null ? null : NodeAffinity.targetNodeName(pod.getSpec());
  }

  /**
   * NodeShouldRunDaemonPod: a node should run the pod if the template's nodeName (if any) is the
   * node, its node selector and required affinity match the node, and it tolerates the node's
   * NoSchedule and NoExecute taints (with the daemon tolerations added); a pod already there may
   * continue running unless a NoExecute taint is not tolerated.
   */
  static Placement placement(DaemonSet ds, Node node) {
    PodSpec spec = Pods.copy(ds.getSpec().getTemplate().getSpec());
    addDaemonTolerations(spec);
    String name = node.getMetadata().getName();
    String pinned = ds.getSpec().getTemplate().getSpec().getNodeName();
    if (pinned != null && !pinned.isEmpty() && !pinned.equals(name)) {
      return new Placement(false, false);
    }
    if (!NodeAffinity.matches(spec, node)) {
      return new Placement(false, false);
    }
    var taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (Taints.firstUntolerated(taints, spec.getTolerations(), Taints::blocksScheduling) != null) {
      return new Placement(false, Taints.firstUntolerated(taints, spec.getTolerations(), Taints::isNoExecute) == null);
    }
    return new Placement(true, true);
  }

  /** IsPodUpdated: the pod carries the current hash, or the current template generation. */
  static boolean isUpdated(Pod pod, String hash, Long generation) {
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    boolean generationMatches = generation != null && Long.toString(generation).equals(labels.get(GENERATION_LABEL));
    boolean hashMatches = hash != null && !hash.isEmpty() && hash.equals(labels.get(HASH_LABEL));
    return hashMatches || generationMatches;
  }
}
