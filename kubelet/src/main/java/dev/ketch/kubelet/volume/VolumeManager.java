package dev.ketch.kubelet.volume;

import dev.ketch.kubelet.runtime.Mount;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Prepares a pod's volumes on the node and says where each container's volume mounts come from.
 * The kubelet sets a pod's volumes up before creating any of its containers, and tears them down
 * once its containers are gone. Implementations own what is on disk ({@code
 * <root>/pods/<uid>/volumes/<plugin>/<name>}); the runtime bind-mounts the host paths it returns.
 *
 * <p>Thread-safety: safe for concurrent use by different pods; the kubelet never calls it for one
 * pod from two threads at once. Calls may block (files written, API objects read).
 */
public interface VolumeManager {

  /**
   * Makes every volume of the pod ready (idempotent: a second call refreshes contents).
   *
   * @throws VolumeException for the first volume that cannot be set up
   */
  void setUp(Pod pod) throws VolumeException;

  /** The mounts of {@code container}, from its volumeMounts; only after {@link #setUp}. */
  List<Mount> mounts(Pod pod, Container container);

  /** Removes what {@link #setUp} made for the pod. Idempotent. */
  void tearDown(String podUid);
}
