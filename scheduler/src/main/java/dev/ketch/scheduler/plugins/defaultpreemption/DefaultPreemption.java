package dev.ketch.scheduler.plugins.defaultpreemption;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.FitError;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.NodeToStatus;
import dev.ketch.scheduler.framework.PodActions;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PostFilterPlugin;
import dev.ketch.scheduler.framework.PostFilterResult;
import dev.ketch.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DefaultPreemption plugin: when a pod fits nowhere, evicts lower-priority pods from one node
 * so that it will fit, as upstream. Only nodes rejected as {@link Status.Code#UNSCHEDULABLE}
 * (not unresolvable) are tried, from a random offset, until enough candidates are found
 * ({@link DefaultPreemptionArgs}); the {@link CandidatePicker} chooses among them; the victims are
 * marked DisruptionTarget and deleted, lower-priority pods nominated to that node lose their
 * nomination, and the preemptor is nominated to it ({@code status.nominatedNodeName}) and waits
 * in the queue until the victims are gone. Runs on the scheduling thread and blocks on the API
 * calls of the eviction.
 */
public final class DefaultPreemption implements PostFilterPlugin {

  public static final String NAME = "DefaultPreemption";
  private static final Logger log = LoggerFactory.getLogger(DefaultPreemption.class);

  private final DefaultPreemptionArgs args;
  private final Handle handle;
  private final VictimSelector selector;

  public DefaultPreemption(DefaultPreemptionArgs args, Handle handle) {
    this.args = args;
    this.handle = handle;
    this.selector = new VictimSelector(handle.filters());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PostFilterResult postFilter(CycleState state, PodInfo pod, NodeToStatus statuses) {
    Pod latest = handle.listers().pod(pod.namespace(), pod.name());
    PodInfo preemptor = latest == null ? pod : PodInfo.of(latest);
    String notEligible = notEligible(preemptor, statuses);
    if (notEligible != null) {
      return PostFilterResult.of(Status.unschedulable("preemption: " + notEligible));
    }
    List<NodeInfo> all = handle.snapshot().nodes();
    List<NodeInfo> potential = new ArrayList<>();
    for (NodeInfo n : all) {
      if (statuses.get(n.name()).code() == Status.Code.UNSCHEDULABLE) {
        potential.add(n);
      }
    }
    NodeToStatus dryRunStatuses = new NodeToStatus(Status.unresolvable("Preemption is not helpful for scheduling"));
    List<Candidate> candidates = potential.isEmpty() ? List.of() : dryRun(state, preemptor, potential, dryRunStatuses);
    if (candidates.isEmpty()) {
      FitError fit = new FitError(all.size(), dryRunStatuses, Set.of(), "", "");
      return new PostFilterResult(Status.unschedulable("preemption: " + fit.message()), "");
    }
    Candidate best = CandidatePicker.pick(candidates, handle.clock().instant());
    try {
      evict(best, preemptor);
    } catch (RuntimeException e) {
      return PostFilterResult.of(Status.error("preemption: " + e.getMessage()));
    }
    return new PostFilterResult(Status.success(), best.nodeName());
  }

  /** Why the pod may not preempt now, or null when it may. */
  private String notEligible(PodInfo pod, NodeToStatus statuses) {
    if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
      return "not eligible due to preemptionPolicy=Never.";
    }
    var status = pod.pod().getStatus();
    String nominated = status == null ? null : status.getNominatedNodeName();
    if (nominated != null && !nominated.isEmpty()) {
      if (statuses.get(nominated).code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
        return null;
      }
      NodeInfo node = handle.snapshot().get(nominated);
      if (node != null) {
        for (PodInfo p : node.pods()) {
          if (p.priority() < pod.priority() && terminatingByPreemption(p.pod())) {
            return "not eligible due to a terminating pod on the nominated node.";
          }
        }
      }
    }
    return null;
  }

  private static boolean terminatingByPreemption(Pod p) {
    if (p.getMetadata().getDeletionTimestamp() == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : p.getStatus().getConditions()) {
      if ("DisruptionTarget".equals(c.getType())) {
        return "True".equals(c.getStatus()) && "PreemptionByScheduler".equals(c.getReason());
      }
    }
    return false;
  }

  /** Simulates preemption on potential nodes from a random offset until enough candidates are found. */
  private List<Candidate> dryRun(CycleState state, PodInfo pod, List<NodeInfo> potential, NodeToStatus statuses) {
    List<PodDisruptionBudget> pdbs = handle.listers().podDisruptionBudgets();
    int offset = handle.random().nextInt(potential.size());
    int wanted = args.candidatesToFind(potential.size());
    Instant now = handle.clock().instant();
    List<Candidate> nonViolating = Collections.synchronizedList(new ArrayList<>());
    List<Candidate> violating = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean enough = new AtomicBoolean();
    handle.parallelizer().until(potential.size(), i -> {
      NodeInfo copy = potential.get((offset + i) % potential.size()).copy();
      VictimSelector.Result r = selector.select(state.copy(), pod, copy, pdbs, now);
      if (r.status().isSuccess() && !r.victims().isEmpty()) {
        (r.pdbViolations() == 0 ? nonViolating : violating).add(new Candidate(copy.name(), r.victims(), r.pdbViolations()));
        if (!nonViolating.isEmpty() && nonViolating.size() + violating.size() >= wanted) {
          enough.set(true);
        }
        return;
      }
      Status s = r.status().isSuccess() ? Status.error("expected at least one victim pod on node " + copy.name()) : r.status();
      synchronized (statuses) {
        statuses.set(copy.name(), s);
      }
    }, enough::get);
    List<Candidate> out = new ArrayList<>(nonViolating);
    out.addAll(violating);
    return out;
  }

  /** Evicts the victims in parallel, then clears lower-priority nominations to the node. */
  private void evict(Candidate c, PodInfo preemptor) {
    PodActions actions = handle.podActions();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (PodInfo victim : c.victims()) {
        if (victim.terminating()) {
          continue;
        }
        done.add(pool.submit(() -> {
          actions.preempt(victim, preemptor);
          handle.events().normal(victim, "Preempted", "Preempted by pod " + preemptor.uid() + " on node " + c.nodeName());
          log.info("preempted pod={} preemptor={} node={}", victim.key(), preemptor.key(), c.nodeName());
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preempting", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
    for (PodInfo p : handle.nominatedPods().nominatedPodsForNode(c.nodeName())) {
      if (p.priority() < preemptor.priority()) {
        try {
          actions.setNominatedNodeName(p, "");
        } catch (PodActions.ApiException e) {
          log.warn("clearing nominatedNodeName failed pod={} error={}", p.key(), e.getMessage());
        }
      }
    }
  }
}
