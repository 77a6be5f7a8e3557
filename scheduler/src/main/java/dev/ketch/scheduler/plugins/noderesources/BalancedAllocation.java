package dev.ketch.scheduler.plugins.noderesources;

import dev.ketch.scheduler.config.ConfigNode;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.ScorePlugin;
import dev.ketch.scheduler.resource.Resource;
import java.util.List;

/**
 * The NodeResourcesBalancedAllocation plugin: favors nodes whose resources would be used evenly
 * with the pod: score = (1 − standard deviation of requested/allocatable over the resources) × 100.
 * Uses the actual requests (no defaults for containers without requests), as upstream.
 */
public final class BalancedAllocation implements ScorePlugin {

  public static final String NAME = "NodeResourcesBalancedAllocation";

  /**
   * The plugin's arguments.
   *
   * @param resources the resources to balance (weights are not used), cpu and memory by default
   */
  public record Args(List<ResourceSpec> resources) {
    public static Args decode(ConfigNode node) {
      node.allowOnly("resources");
      return new Args(ResourceSpec.decodeList(node.field("resources")));
    }
  }

  private final List<ResourceSpec> resources;

  public BalancedAllocation(Args args) {
    this.resources = args.resources();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long score(CycleState state, PodInfo pod, NodeInfo node) {
    double[] fractions = new double[resources.size()];
    int n = 0;
    double sum = 0;
    for (ResourceSpec spec : resources) {
      String r = spec.name();
      long podRequest = pod.requests().get(r);
      if (podRequest == 0 && Resource.isScalar(r)) {
        continue;
      }
      long allocatable = node.allocatable().get(r);
      if (allocatable == 0) {
        continue;
      }
      double f = Math.min(1.0, (double) (node.requested().get(r) + podRequest) / allocatable);
      fractions[n++] = f;
      sum += f;
    }
    double std;
    if (n == 2) {
      std = Math.abs((fractions[0] - fractions[1]) / 2);
    } else if (n > 2) {
      double mean = sum / n;
      double variance = 0;
      for (int i = 0; i < n; i++) {
        variance += (fractions[i] - mean) * (fractions[i] - mean);
      }
      std = Math.sqrt(variance / n);
    } else {
      std = 0;
    }
    return (long) ((1 - std) * MAX_NODE_SCORE);
  }
}
