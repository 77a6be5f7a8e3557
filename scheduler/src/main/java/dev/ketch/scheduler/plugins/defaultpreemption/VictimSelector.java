package dev.ketch.scheduler.plugins.defaultpreemption;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.FilterRunner;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.labels.LabelMatcher;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the fewest pods to evict from one node, as upstream's {@code SelectVictimsOnNode}: remove
 * every lower-priority pod; if the preemptor then fits, add them back one by one, most important
 * first (those whose eviction would violate a PodDisruptionBudget before the others), keeping each
 * that still lets the preemptor fit. Works on copies of the node and the cycle state.
 */
final class VictimSelector {

  /** The outcome for one node: victims and PDB violations, or why the node cannot help. */
  record Result(List<PodInfo> victims, int pdbViolations, dev.ketch.scheduler.framework.Status status) {}

  private final FilterRunner filters;

  VictimSelector(FilterRunner filters) {
    this.filters = filters;
  }

  Result select(CycleState state, PodInfo preemptor, NodeInfo node, List<PodDisruptionBudget> pdbs, Instant now) {
    List<PodInfo> potential = new ArrayList<>();
    for (PodInfo p : node.pods()) {
      if (p.priority() < preemptor.priority()) {
        potential.add(p);
      }
    }
    if (potential.isEmpty()) {
      return new Result(List.of(), 0, dev.ketch.scheduler.framework.Status.unresolvable("No preemption victims found for incoming pod"));
    }
    for (PodInfo p : potential) {
      node.removePod(p);
      var s = filters.runPreFilterRemovePod(state, preemptor, p, node);
      if (!s.isSuccess()) {
        return new Result(List.of(), 0, s);
      }
    }
    var fits = filters.runFilterWithNominatedPods(state, preemptor, node);
    if (!fits.isSuccess()) {
      return new Result(List.of(), 0, fits);
    }
    potential.sort(Importance.mostImportantFirst(now));
    List<PodInfo> violating = new ArrayList<>();
    List<PodInfo> nonViolating = new ArrayList<>();
    splitByPdbViolation(potential, pdbs, violating, nonViolating);
    List<PodInfo> victims = new ArrayList<>();
    int violations = 0;
    for (PodInfo p : violating) {
      if (!reprieve(state, preemptor, node, p, victims)) {
        violations++;
      }
    }
    for (PodInfo p : nonViolating) {
      reprieve(state, preemptor, node, p, victims);
    }
    if (!violating.isEmpty() && !nonViolating.isEmpty()) {
      victims.sort(Importance.mostImportantFirst(now));
    }
    return new Result(victims, violations, dev.ketch.scheduler.framework.Status.success());
  }

  /** Puts {@code p} back; if the preemptor no longer fits, takes it out again as a victim. */
  private boolean reprieve(CycleState state, PodInfo preemptor, NodeInfo node, PodInfo p, List<PodInfo> victims) {
    node.addPod(p);
    filters.runPreFilterAddPod(state, preemptor, p, node);
    if (filters.runFilterWithNominatedPods(state, preemptor, node).isSuccess()) {
      return true;
    }
    node.removePod(p);
    filters.runPreFilterRemovePod(state, preemptor, p, node);
    victims.add(p);
    return false;
  }

  /**
   * Splits pods (keeping their order) into those whose eviction would take a matching budget below
   * zero and the rest; pods a budget already counts as disrupted do not use it up.
   */
  static void splitByPdbViolation(List<PodInfo> pods, List<PodDisruptionBudget> pdbs, List<PodInfo> violating, List<PodInfo> nonViolating) {
    int[] allowed = new int[pdbs.size()];
    List<LabelMatcher> selectors = new ArrayList<>();
    for (int i = 0; i < pdbs.size(); i++) {
      PodDisruptionBudget pdb = pdbs.get(i);
      allowed[i] = pdb.getStatus() == null || pdb.getStatus().getDisruptionsAllowed() == null ? 0 : pdb.getStatus().getDisruptionsAllowed();
      LabelMatcher m;
      try {
        m = pdb.getSpec() == null ? LabelMatcher.NOTHING : LabelMatcher.of(pdb.getSpec().getSelector());
      } catch (IllegalArgumentException e) {
        m = LabelMatcher.NOTHING;
      }
      // A budget with an empty selector matches nothing here, as upstream.
      selectors.add(m.isEverything() ? LabelMatcher.NOTHING : m);
    }
    for (PodInfo p : pods) {
      boolean violated = false;
      if (!p.labels().isEmpty()) {
        for (int i = 0; i < pdbs.size(); i++) {
          PodDisruptionBudget pdb = pdbs.get(i);
          if (!p.namespace().equals(pdb.getMetadata().getNamespace()) || !selectors.get(i).matches(p.labels())) {
            continue;
          }
          var disrupted = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptedPods();
          if (disrupted != null && disrupted.containsKey(p.name())) {
            continue;
          }
          if (--allowed[i] < 0) {
            violated = true;
          }
        }
      }
      (violated ? violating : nonViolating).add(p);
    }
  }
}
