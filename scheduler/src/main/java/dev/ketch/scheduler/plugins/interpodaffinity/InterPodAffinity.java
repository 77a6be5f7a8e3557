package dev.ketch.scheduler.plugins.interpodaffinity;

import dev.ketch.scheduler.framework.AffinityTerm;
import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EnqueueExtensions;
import dev.ketch.scheduler.framework.FilterPlugin;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PreFilterExtensions;
import dev.ketch.scheduler.framework.PreFilterPlugin;
import dev.ketch.scheduler.framework.PreFilterResult;
import dev.ketch.scheduler.framework.PreScorePlugin;
import dev.ketch.scheduler.framework.ScoreNormalizer;
import dev.ketch.scheduler.framework.StateKey;
import dev.ketch.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The InterPodAffinity plugin. Filter, per topology domain (the node's value of each term's
 * topology key): the pod's required affinity terms need a matching pod in the node's domain (or,
 * for the first pod of a group that matches its own terms, none anywhere); its required
 * anti-affinity terms need none; and no existing pod's required anti-affinity may select the pod
 * in that domain. Score: preferred terms of the pod and of existing pods (and existing pods'
 * required affinity, with the hard weight), summed per domain, scaled min–max to 0–100.
 */
public final class InterPodAffinity implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScoreNormalizer,
    EnqueueExtensions {

  public static final String NAME = "InterPodAffinity";
  public static final String AFFINITY_REASON = "node(s) didn't match pod affinity rules";
  public static final String ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
  public static final String EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
  static final StateKey<AffinityCounts> PRE_FILTER = new StateKey<>(NAME + "/preFilter", AffinityCounts.class);

  private final Handle handle;
  private final AffinityScoring scoring;

  public InterPodAffinity(InterPodAffinityArgs args, Handle handle) {
    this.handle = handle;
    this.scoring = new AffinityScoring(args, handle);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PreFilterResult preFilter(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
    if (pod.affinityError() != null) {
      return PreFilterResult.of(Status.unresolvable(pod.affinityError()));
    }
    boolean hasTerms = !pod.requiredAffinityTerms().isEmpty() || !pod.requiredAntiAffinityTerms().isEmpty();
    List<NodeInfo> withAnti = handle.snapshot().nodesWithRequiredAntiAffinityPods();
    if (!hasTerms && withAnti.isEmpty()) {
      return PreFilterResult.of(Status.skip());
    }
    AffinityCounts counts = new AffinityCounts(pod, handle.listers().namespaceLabels(pod.namespace()));
    NamespaceLabels nsLabels = new NamespaceLabels(pod);
    if (hasTerms) {
      for (NodeInfo node : nodes) {
        for (PodInfo existing : node.pods()) {
          counts.update(existing, nsLabels.of(existing), node, 1);
        }
      }
    } else {
      for (NodeInfo node : withAnti) {
        for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
          counts.update(existing, Map.of(), node, 1);
        }
      }
    }
    state.write(PRE_FILTER, counts);
    return PreFilterResult.of(Status.success());
  }

  /** Namespace labels of existing pods, looked up only when the pod's terms select namespaces by label. */
  private final class NamespaceLabels {
    private final boolean needed;
    private final Map<String, Map<String, String>> cache = new HashMap<>();

    NamespaceLabels(PodInfo pod) {
      this.needed = pod.requiredAffinityTerms().stream().anyMatch(AffinityTerm::usesNamespaceSelector)
          || pod.requiredAntiAffinityTerms().stream().anyMatch(AffinityTerm::usesNamespaceSelector);
    }

    Map<String, String> of(PodInfo p) {
      return needed ? cache.computeIfAbsent(p.namespace(), ns -> handle.listers().namespaceLabels(ns)) : Map.of();
    }
  }

  @Override
  public PreFilterExtensions extensions() {
    return this;
  }

  @Override
  public Status addPod(CycleState state, PodInfo podToSchedule, PodInfo added, NodeInfo node) {
    AffinityCounts counts = state.read(PRE_FILTER);
    if (counts != null) {
      counts.update(added, handle.listers().namespaceLabels(added.namespace()), node, 1);
    }
    return Status.success();
  }

  @Override
  public Status removePod(CycleState state, PodInfo podToSchedule, PodInfo removed, NodeInfo node) {
    AffinityCounts counts = state.read(PRE_FILTER);
    if (counts != null) {
      counts.update(removed, handle.listers().namespaceLabels(removed.namespace()), node, -1);
    }
    return Status.success();
  }

  @Override
  public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
    AffinityCounts counts = state.require(PRE_FILTER);
    Map<String, String> labels = node.labels();
    if (!satisfiesAffinity(counts, labels)) {
      return Status.unresolvable(AFFINITY_REASON);
    }
    for (AffinityTerm t : pod.requiredAntiAffinityTerms()) {
      String v = labels.get(t.topologyKey());
      if (v != null && counts.antiAffinity.getOrDefault(new TopologyPair(t.topologyKey(), v), 0) > 0) {
        return Status.unschedulable(ANTI_AFFINITY_REASON);
      }
    }
    if (!counts.existingAntiAffinity.isEmpty()) {
      for (Map.Entry<String, String> l : labels.entrySet()) {
        if (counts.existingAntiAffinity.getOrDefault(new TopologyPair(l.getKey(), l.getValue()), 0) > 0) {
          return Status.unschedulable(EXISTING_ANTI_AFFINITY_REASON);
        }
      }
    }
    return Status.success();
  }

  private static boolean satisfiesAffinity(AffinityCounts counts, Map<String, String> labels) {
    boolean podsExist = true;
    for (AffinityTerm t : counts.pod.requiredAffinityTerms()) {
      String v = labels.get(t.topologyKey());
      if (v == null) {
        return false;
      }
      if (counts.affinity.getOrDefault(new TopologyPair(t.topologyKey(), v), 0) <= 0) {
        podsExist = false;
      }
    }
    if (podsExist) {
      return true;
    }
    // The first pod of a group with affinity to itself may go anywhere its terms could be met.
    return counts.affinity.isEmpty() && AffinityCounts.matchesAll(counts.pod.requiredAffinityTerms(), counts.pod, counts.namespaceLabels);
  }

  @Override
  public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
    return scoring.preScore(state, pod, feasibleNodes);
  }

  @Override
  public long score(CycleState state, PodInfo pod, NodeInfo node) {
    return scoring.score(state, node);
  }

  @Override
  public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    AffinityScoring.normalize(scores);
  }

  @Override
  public List<ClusterEventWithHint> eventsToRegister() {
    return List.of(
        ClusterEventWithHint.of(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.ADD, this::addedPodMayHelp),
        ClusterEventWithHint.of(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.DELETE, this::deletedPodMayHelp),
        ClusterEventWithHint.of(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.UPDATE_POD_LABEL),
        ClusterEventWithHint.of(ClusterEvent.Resource.NODE, ClusterEvent.ADD | ClusterEvent.UPDATE_NODE_LABEL));
  }

  /** A new pod can only help a waiting pod whose required affinity it matches. */
  private boolean addedPodMayHelp(Pod waiting, Object oldObj, Object newObj) {
    if (!(newObj instanceof Pod added)) {
      return true;
    }
    PodInfo w = PodInfo.of(waiting);
    PodInfo a = PodInfo.of(added);
    Map<String, String> ns = handle.listers().namespaceLabels(a.namespace());
    return w.requiredAffinityTerms().stream().anyMatch(t -> t.matches(a, ns));
  }

  /** A pod's removal helps when it was what the waiting pod's anti-affinity, or its own anti-affinity, kept away. */
  private boolean deletedPodMayHelp(Pod waiting, Object oldObj, Object newObj) {
    if (!(oldObj instanceof Pod deleted)) {
      return true;
    }
    PodInfo w = PodInfo.of(waiting);
    PodInfo d = PodInfo.of(deleted);
    if (!d.requiredAntiAffinityTerms().isEmpty()) {
      return true;
    }
    Map<String, String> ns = handle.listers().namespaceLabels(d.namespace());
    return w.requiredAntiAffinityTerms().stream().anyMatch(t -> t.matches(d, ns));
  }
}
