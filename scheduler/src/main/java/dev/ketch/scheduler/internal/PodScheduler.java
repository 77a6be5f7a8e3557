package dev.ketch.scheduler.internal;

import dev.ketch.scheduler.cache.Snapshot;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.FitError;
import dev.ketch.scheduler.framework.Framework;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.NodeToStatus;
import dev.ketch.scheduler.framework.Parallelizer;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Chooses a node for one pod, as upstream's {@code schedulePod}: PreFilter; the pod's nominated
 * node first, if it still fits; then Filter over the nodes from a rotating start, in parallel,
 * stopping once enough feasible nodes are found (percentageOfNodesToScore, adaptive by default);
 * then PreScore and Score over those; the best total wins, ties broken at random. Used by the
 * scheduling thread only.
 */
final class PodScheduler {

  static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
  static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

  private final int defaultPercentage;
  private final Parallelizer parallelizer;
  private final RandomGenerator random;
  private int nextStartNodeIndex;

  /** The node chosen, and how many nodes were evaluated and found feasible. */
  record Result(String nodeName, int evaluatedNodes, int feasibleNodes) {}

  PodScheduler(int defaultPercentage, Parallelizer parallelizer, RandomGenerator random) {
    this.defaultPercentage = defaultPercentage;
    this.parallelizer = parallelizer;
    this.random = random;
  }

  Result schedule(Framework fw, CycleState state, PodInfo pod, Snapshot snapshot) throws SchedulingFailure {
    List<NodeInfo> all = snapshot.nodes();
    if (all.isEmpty()) {
      throw SchedulingFailure.unfit(new FitError(0, NodeToStatus.withDefaultAbsent(), Set.of(), "", ""));
    }
    Framework.PreFilterOutcome pre = fw.runPreFilter(state, pod, all);
    if (!pre.status().isSuccess()) {
      if (pre.status().isRejected()) {
        NodeToStatus statuses = new NodeToStatus(pre.status());
        throw SchedulingFailure.unfit(new FitError(all.size(), statuses, Set.of(pre.status().plugin()), pre.status().message(), ""));
      }
      throw SchedulingFailure.error(pre.status());
    }
    List<NodeInfo> candidates = all;
    if (pre.nodeNames() != null) {
      candidates = new ArrayList<>();
      for (String name : pre.nodeNames()) {
        NodeInfo n = snapshot.get(name);
        if (n != null) {
          candidates.add(n);
        }
      }
    }
    List<NodeInfo> feasible = null;
    NodeToStatus statuses = pre.nodeNames() == null ? NodeToStatus.withDefaultAbsent()
        : new NodeToStatus(Status.unresolvable("node(s) didn't satisfy plugin(s) [" + String.join(" ", pre.narrowedBy()) + "]"));
    Set<String> rejecting = new HashSet<>();
    String nominated = pod.pod().getStatus() == null ? null : pod.pod().getStatus().getNominatedNodeName();
    if (nominated != null && !nominated.isEmpty() && snapshot.get(nominated) != null) {
      if (fw.runFilterWithNominatedPods(state, pod, snapshot.get(nominated)).isSuccess()) {
        feasible = List.of(snapshot.get(nominated));
      }
    }
    int evaluated = feasible == null ? 0 : 1;
    if (feasible == null) {
      Filtered f = filter(fw, state, pod, candidates, all.size());
      feasible = f.feasible;
      evaluated = f.evaluated;
      for (int i = 0; i < f.statuses.length; i++) {
        Status s = f.statuses[i];
        if (s == null) {
          continue;
        }
        if (s.isError()) {
          throw SchedulingFailure.error(s);
        }
        statuses.set(candidates.get(i).name(), s);
        rejecting.add(s.plugin());
      }
    }
    if (feasible.isEmpty()) {
      throw SchedulingFailure.unfit(new FitError(all.size(), statuses, rejecting, "", ""));
    }
    if (feasible.size() == 1) {
      return new Result(feasible.getFirst().name(), evaluated, 1);
    }
    Status preScore = fw.runPreScore(state, pod, feasible);
    if (!preScore.isSuccess()) {
      throw SchedulingFailure.error(preScore);
    }
    long[] totals;
    try {
      totals = fw.runScore(state, pod, feasible);
    } catch (RuntimeException e) {
      throw SchedulingFailure.error(Status.error(e));
    }
    return new Result(feasible.get(selectHost(totals)).name(), evaluated, feasible.size());
  }

  private record Filtered(List<NodeInfo> feasible, Status[] statuses, int evaluated) {}

  private Filtered filter(Framework fw, dev.ketch.scheduler.framework.CycleState state, PodInfo pod, List<NodeInfo> nodes, int allNodes) {
    int n = nodes.size();
    int percentage = fw.percentageOfNodesToScore() != null ? fw.percentageOfNodesToScore() : defaultPercentage;
    int toFind = numFeasibleNodesToFind(percentage, n);
    NodeInfo[] feasible = new NodeInfo[toFind];
    Status[] statuses = new Status[n];
    AtomicInteger found = new AtomicInteger();
    AtomicInteger evaluated = new AtomicInteger();
    int start = nextStartNodeIndex % n;
    parallelizer.until(n, i -> {
      if (found.get() >= toFind) {
        return;
      }
      int index = (start + i) % n;
      evaluated.incrementAndGet();
      Status s = fw.runFilterWithNominatedPods(state, pod, nodes.get(index));
      if (s.isSuccess()) {
        int slot = found.getAndIncrement();
        if (slot < toFind) {
          feasible[slot] = nodes.get(index);
        }
      } else {
        statuses[index] = s;
      }
    }, () -> found.get() >= toFind);
    nextStartNodeIndex = (nextStartNodeIndex + evaluated.get()) % Math.max(1, allNodes);
    int count = Math.min(found.get(), toFind);
    return new Filtered(Arrays.asList(Arrays.copyOf(feasible, count)), statuses, evaluated.get());
  }

  /**
   * How many feasible nodes to look for, as upstream: all below 100 nodes; otherwise the
   * percentage (adaptive when 0: 50% less 1% per 125 nodes, at least 5%), at least 100.
   */
  static int numFeasibleNodesToFind(int percentage, int nodes) {
    if (nodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) {
      return nodes;
    }
    int p = percentage;
    if (p <= 0) {
      p = 50 - nodes / 125;
      if (p < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
        p = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
      }
    }
    int n = nodes * p / 100;
    return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
  }

  /** The index of the highest total; ties are broken uniformly at random (reservoir sampling). */
  int selectHost(long[] totals) {
    int best = 0;
    int ties = 1;
    for (int i = 1; i < totals.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        ties = 1;
      } else if (totals[i] == totals[best]) {
        ties++;
        if (random.nextInt(ties) == 0) {
          best = i;
        }
      }
    }
    return best;
  }
}
