package dev.ketch.scheduler.plugins.noderesources;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EnqueueExtensions;
import dev.ketch.scheduler.framework.FilterPlugin;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.ScorePlugin;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.resource.PodRequests;
import dev.ketch.scheduler.resource.Resource;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NodeResourcesFit plugin. Filter: the pod's requests (containers, the largest init container
 * with the sidecars before it, overhead) must fit in the node's allocatable minus what the pods
 * already there (bound or assumed) request, for CPU, memory, ephemeral storage, extended resources
 * and the pod count. Score: the configured {@link ScoringStrategy} (LeastAllocated by default).
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin, EnqueueExtensions {

  public static final String NAME = "NodeResourcesFit";

  private final NodeResourcesFitArgs args;

  public NodeResourcesFit(NodeResourcesFitArgs args) {
    this.args = args;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
    List<String> reasons = insufficient(pod.requests(), node);
    return reasons.isEmpty() ? Status.success() : Status.unschedulable(reasons);
  }

  /** Upstream's reasons, in its order: "Too many pods", "Insufficient cpu", …, "Insufficient example.com/gpu". */
  List<String> insufficient(Resource request, NodeInfo node) {
    Resource alloc = node.allocatable();
    Resource used = node.requested();
    if (fitsQuickly(request, alloc, used, node.pods().size())) {
      return List.of();
    }
    List<String> reasons = new ArrayList<>(2);
    if (node.pods().size() + 1 > alloc.allowedPods()) {
      reasons.add("Too many pods");
    }
    if (request.isEmptyRequest()) {
      return reasons;
    }
    if (request.milliCpu() > 0 && request.milliCpu() > alloc.milliCpu() - used.milliCpu()) {
      reasons.add("Insufficient cpu");
    }
    if (request.memory() > 0 && request.memory() > alloc.memory() - used.memory()) {
      reasons.add("Insufficient memory");
    }
    if (request.ephemeralStorage() > 0 && request.ephemeralStorage() > alloc.ephemeralStorage() - used.ephemeralStorage()) {
      reasons.add("Insufficient ephemeral-storage");
    }
    for (Map.Entry<String, Long> e : request.scalars().entrySet()) {
      String name = e.getKey();
      if (e.getValue() == 0 || ignored(name)) {
        continue;
      }
      if (e.getValue() > alloc.scalar(name) - used.scalar(name)) {
        reasons.add("Insufficient " + name);
      }
    }
    return reasons;
  }

  /** The common case, without allocating: no scalar resources, and everything fits. */
  private static boolean fitsQuickly(Resource request, Resource alloc, Resource used, int pods) {
    return request.scalars().isEmpty() && pods + 1 <= alloc.allowedPods()
        && request.milliCpu() <= alloc.milliCpu() - used.milliCpu()
        && request.memory() <= alloc.memory() - used.memory()
        && request.ephemeralStorage() <= alloc.ephemeralStorage() - used.ephemeralStorage();
  }

  private boolean ignored(String name) {
    if (args.ignoredResources().contains(name)) {
      return true;
    }
    int slash = name.indexOf('/');
    return slash > 0 && args.ignoredResourceGroups().contains(name.substring(0, slash));
  }

  @Override
  public long score(CycleState state, PodInfo pod, NodeInfo node) {
    ScoringStrategy s = args.scoring();
    List<ResourceSpec> resources = s.resources();
    long[] requested = new long[resources.size()];
    long[] allocatable = new long[resources.size()];
    for (int i = 0; i < resources.size(); i++) {
      String r = resources.get(i).name();
      long podRequest = r.equals(Resource.CPU) || r.equals(Resource.MEMORY) ? pod.nonZeroRequests().get(r) : pod.requests().get(r);
      if (podRequest == 0 && Resource.isScalar(r)) {
        // The pod does not use this extended resource: leave it out, as upstream does.
        continue;
      }
      long onNode = r.equals(Resource.CPU) || r.equals(Resource.MEMORY) ? node.nonZeroRequested().get(r) : node.requested().get(r);
      allocatable[i] = node.allocatable().get(r);
      requested[i] = onNode + podRequest;
    }
    return s.score(requested, allocatable);
  }

  @Override
  public List<ClusterEventWithHint> eventsToRegister() {
    return List.of(
        ClusterEventWithHint.of(ClusterEvent.Resource.NODE, ClusterEvent.ADD | ClusterEvent.UPDATE_NODE_ALLOCATABLE,
            (pod, oldObj, newObj) -> !(newObj instanceof Node n) || fitsEmpty(pod, n)),
        ClusterEventWithHint.of(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.DELETE | ClusterEvent.UPDATE_POD_SCALE_DOWN));
  }

  /** Whether the pod would fit on the node if nothing else ran there. */
  private boolean fitsEmpty(io.fabric8.kubernetes.api.model.Pod pod, Node node) {
    NodeInfo empty = NodeInfo.of(node);
    return insufficient(PodRequests.of(pod), empty).isEmpty();
  }
}
