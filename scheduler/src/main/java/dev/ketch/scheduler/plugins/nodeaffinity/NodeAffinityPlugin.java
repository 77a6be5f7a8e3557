package dev.ketch.scheduler.plugins.nodeaffinity;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EnqueueExtensions;
import dev.ketch.scheduler.framework.FilterPlugin;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PreFilterPlugin;
import dev.ketch.scheduler.framework.PreFilterResult;
import dev.ketch.scheduler.framework.PreScorePlugin;
import dev.ketch.scheduler.framework.ScoreNormalizer;
import dev.ketch.scheduler.framework.StateData;
import dev.ketch.scheduler.framework.StateKey;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.labels.NodeSelectorMatcher;
import dev.ketch.scheduler.labels.RequiredNodeAffinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The NodeAffinity plugin. Filter: the node must satisfy the pod's nodeSelector and required node
 * affinity (every operator: In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields on
 * metadata.name), and the profile's added affinity. When the required terms name nodes by
 * metadata.name, PreFilter narrows filtering to those nodes. Score: the sum of the weights of the
 * preferred terms the node matches, scaled to 0–100.
 */
public final class NodeAffinityPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScoreNormalizer, EnqueueExtensions {

  public static final String NAME = "NodeAffinity";
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
  public static final String ENFORCED_REASON = "node(s) didn't match scheduler-enforced node affinity";
  private static final StateKey<Required> PRE_FILTER = new StateKey<>(NAME + "/preFilter", Required.class);
  private static final StateKey<Preferred> PRE_SCORE = new StateKey<>(NAME + "/preScore", Preferred.class);

  private final NodeSelectorMatcher addedRequired;
  private final List<Weighted> addedPreferred;

  record Required(RequiredNodeAffinity affinity) implements StateData {
    @Override
    public StateData copy() {
      return this;
    }
  }

  record Weighted(NodeSelectorMatcher.Term term, int weight) {}

  record Preferred(List<Weighted> terms) implements StateData {
    @Override
    public StateData copy() {
      return this;
    }
  }

  public NodeAffinityPlugin(NodeAffinityArgs args) {
    NodeAffinity added = args.addedAffinity();
    this.addedRequired = added == null || added.getRequiredDuringSchedulingIgnoredDuringExecution() == null ? null
        : NodeSelectorMatcher.of(added.getRequiredDuringSchedulingIgnoredDuringExecution());
    this.addedPreferred = added == null ? List.of() : weighted(added.getPreferredDuringSchedulingIgnoredDuringExecution());
  }

  /** Checks that the affinity compiles; throws IllegalArgumentException with upstream's wording. */
  static void compile(NodeAffinity affinity) {
    if (affinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      NodeSelectorMatcher.of(affinity.getRequiredDuringSchedulingIgnoredDuringExecution());
    }
    weighted(affinity.getPreferredDuringSchedulingIgnoredDuringExecution());
  }

  private static List<Weighted> weighted(List<PreferredSchedulingTerm> terms) {
    List<Weighted> out = new ArrayList<>();
    if (terms != null) {
      for (PreferredSchedulingTerm t : terms) {
        if (t.getWeight() != null && t.getWeight() != 0) {
          out.add(new Weighted(NodeSelectorMatcher.term(t.getPreference()), t.getWeight()));
        }
      }
    }
    return out;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PreFilterResult preFilter(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
    RequiredNodeAffinity required;
    try {
      required = RequiredNodeAffinity.of(pod.pod());
    } catch (IllegalArgumentException e) {
      return PreFilterResult.of(Status.unresolvable(e.getMessage()));
    }
    if (required == RequiredNodeAffinity.NONE && addedRequired == null) {
      return PreFilterResult.of(Status.skip());
    }
    state.write(PRE_FILTER, new Required(required));
    return new PreFilterResult(Status.success(), nodeNames(pod.pod()));
  }

  /** The nodes named by metadata.name In in every required term, or null when some term names none. */
  private static Set<String> nodeNames(Pod pod) {
    var aff = pod.getSpec().getAffinity();
    if (aff == null || aff.getNodeAffinity() == null || aff.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return null;
    }
    List<NodeSelectorTerm> terms = aff.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    if (terms == null || terms.isEmpty()) {
      return null;
    }
    Set<String> names = new HashSet<>();
    for (NodeSelectorTerm t : terms) {
      Set<String> termNames = null;
      if (t.getMatchFields() != null) {
        for (NodeSelectorRequirement r : t.getMatchFields()) {
          if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null) {
            Set<String> v = new HashSet<>(r.getValues());
            if (termNames == null) {
              termNames = v;
            } else {
              termNames.retainAll(v);
            }
          }
        }
      }
      if (termNames == null) {
        return null;
      }
      names.addAll(termNames);
    }
    return names;
  }

  @Override
  public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
    Node n = node.node();
    if (addedRequired != null && !addedRequired.matches(n)) {
      return Status.unresolvable(ENFORCED_REASON);
    }
    Required r = state.read(PRE_FILTER);
    RequiredNodeAffinity required = r != null ? r.affinity() : RequiredNodeAffinity.of(pod.pod());
    return required.matches(n) ? Status.success() : Status.unresolvable(REASON);
  }

  @Override
  public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
    List<Weighted> terms = new ArrayList<>(addedPreferred);
    var aff = pod.pod().getSpec().getAffinity();
    if (aff != null && aff.getNodeAffinity() != null) {
      try {
        terms.addAll(weighted(aff.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()));
      } catch (IllegalArgumentException e) {
        return Status.error(e.getMessage());
      }
    }
    if (terms.isEmpty()) {
      return Status.skip();
    }
    state.write(PRE_SCORE, new Preferred(terms));
    return Status.success();
  }

  @Override
  public long score(CycleState state, PodInfo pod, NodeInfo node) {
    long sum = 0;
    for (Weighted w : state.require(PRE_SCORE).terms()) {
      if (NodeSelectorMatcher.matches(w.term(), node.node())) {
        sum += w.weight();
      }
    }
    return sum;
  }

  @Override
  public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    ScoreNormalizer.defaultNormalize(scores, false);
  }

  @Override
  public List<ClusterEventWithHint> eventsToRegister() {
    return List.of(ClusterEventWithHint.of(ClusterEvent.Resource.NODE, ClusterEvent.ADD | ClusterEvent.UPDATE_NODE_LABEL,
        (pod, oldObj, newObj) -> {
          if (!(newObj instanceof Node n)) {
            return true;
          }
          try {
            return RequiredNodeAffinity.of(pod).matches(n) && (addedRequired == null || addedRequired.matches(n));
          } catch (IllegalArgumentException e) {
            return false;
          }
        }));
  }
}
