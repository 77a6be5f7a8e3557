package dev.ketch.scheduler.plugins.imagelocality;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PreScorePlugin;
import dev.ketch.scheduler.framework.ScorePlugin;
import dev.ketch.scheduler.framework.SnapshotView;
import dev.ketch.scheduler.framework.StateData;
import dev.ketch.scheduler.framework.StateKey;
import dev.ketch.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;

/**
 * The ImageLocality plugin: favors nodes that already have the pod's images, weighing each image
 * by its size and by how many nodes have it (an image on every node says little), as upstream: the
 * sum is mapped linearly from [23 MB, 1000 MB × containers] to 0–100.
 */
public final class ImageLocality implements PreScorePlugin, ScorePlugin {

  public static final String NAME = "ImageLocality";
  static final long MB = 1024L * 1024;
  static final long MIN_THRESHOLD = 23 * MB;
  static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;
  private static final StateKey<Images> KEY = new StateKey<>(NAME + "/preScore", Images.class);

  /** The pod's images, normalized, and the number of containers (init containers included). */
  record Images(List<String> names, int containers) implements StateData {
    @Override
    public StateData copy() {
      return this;
    }
  }

  private final Handle handle;

  public ImageLocality(Handle handle) {
    this.handle = handle;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
    state.write(KEY, images(pod));
    return Status.success();
  }

  private static Images images(PodInfo pod) {
    var spec = pod.pod().getSpec();
    List<String> names = new ArrayList<>();
    int containers = 0;
    for (List<Container> list : List.of(nullToEmpty(spec.getContainers()), nullToEmpty(spec.getInitContainers()))) {
      for (Container c : list) {
        containers++;
        if (c.getImage() != null) {
          names.add(NodeInfo.normalizedImageName(c.getImage()));
        }
      }
    }
    return new Images(names, containers);
  }

  private static List<Container> nullToEmpty(List<Container> l) {
    return l == null ? List.of() : l;
  }

  @Override
  public long score(CycleState state, PodInfo pod, NodeInfo node) {
    Images images = state.read(KEY);
    if (images == null) {
      images = images(pod);
    }
    SnapshotView snapshot = handle.snapshot();
    int totalNodes = snapshot.nodes().size();
    long sum = 0;
    if (!node.imageSizes().isEmpty() && totalNodes > 0) {
      for (String image : images.names()) {
        Long size = node.imageSizes().get(image);
        if (size != null) {
          sum += (long) (size * ((double) snapshot.imageNodeCount(image) / totalNodes));
        }
      }
    }
    return priority(sum, images.containers());
  }

  static long priority(long sum, int containers) {
    long max = MAX_CONTAINER_THRESHOLD * Math.max(1, containers);
    long clamped = Math.max(MIN_THRESHOLD, Math.min(max, sum));
    return MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
  }
}
