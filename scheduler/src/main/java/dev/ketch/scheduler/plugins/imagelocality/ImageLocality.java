package dev.ketch.scheduler.plugins.imagelocality;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.ScorePlugin;
import dev.ketch.scheduler.framework.SnapshotView;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;

/**
 * The ImageLocality plugin: favors nodes that already have the pod's images, weighing each image
 * by its size and by how many nodes have it (an image on every node says little), as upstream: the
 * sum is mapped linearly from [23 MB, 1000 MB × containers] to 0–100.
 */
public final class ImageLocality implements ScorePlugin {

  public static final String NAME = "ImageLocality";
  static final long MB = 1024L * 1024;
  static final long MIN_THRESHOLD = 23 * MB;
  static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

  private final Handle handle;

  public ImageLocality(Handle handle) {
    this.handle = handle;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long score(CycleState state, PodInfo pod, NodeInfo node) {
    SnapshotView snapshot = handle.snapshot();
    int totalNodes = snapshot.nodes().size();
    var spec = pod.pod().getSpec();
    List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
    List<Container> inits = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
    long sum = sumScores(node, containers, snapshot, totalNodes) + sumScores(node, inits, snapshot, totalNodes);
    return priority(sum, containers.size() + inits.size());
  }

  private static long sumScores(NodeInfo node, List<Container> containers, SnapshotView snapshot, int totalNodes) {
    long sum = 0;
    for (Container c : containers) {
      if (c.getImage() == null) {
        continue;
      }
      String image = NodeInfo.normalizedImageName(c.getImage());
      Long size = node.imageSizes().get(image);
      if (size != null && totalNodes > 0) {
        sum += (long) (size * ((double) snapshot.imageNodeCount(image) / totalNodes));
      }
    }
    return sum;
  }

  static long priority(long sum, int containers) {
    long max = MAX_CONTAINER_THRESHOLD * Math.max(1, containers);
    long clamped = Math.max(MIN_THRESHOLD, Math.min(max, sum));
    return MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
  }
}
