package dev.ketch.kubelet.volume;

import dev.ketch.kubelet.objects.ObjectSource;
import dev.ketch.kubelet.runtime.Mount;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Volumes for a node that has no files to write (the simulated runtime): every source is checked
 * as the real plugins would check it — ConfigMaps and Secrets must exist unless optional, claims
 * must exist and be bound, projected sources likewise — and mounts get the host paths a real
 * node would use, but nothing is written. Failing checks are {@link VolumeException}s with
 * upstream's messages. Thread-safe; blocks on the {@link ObjectSource}.
 */
public final class CheckedVolumeManager implements VolumeManager {

  private final ObjectSource objects;
  private final String root;

  /** @param root the kubelet's root directory, e.g. {@code /var/lib/kubelet} */
  public CheckedVolumeManager(ObjectSource objects, String root) {
    this.objects = objects;
    this.root = root;
  }

  @Override
  public void setUp(Pod pod) throws VolumeException {
    String ns = pod.getMetadata().getNamespace();
    for (Volume v : list(pod.getSpec().getVolumes())) {
      if (v.getConfigMap() != null) {
        requireConfigMap(v.getName(), ns, v.getConfigMap().getName(), v.getConfigMap().getOptional());
      } else if (v.getSecret() != null) {
        requireSecret(v.getName(), ns, v.getSecret().getSecretName(), v.getSecret().getOptional());
      } else if (v.getPersistentVolumeClaim() != null) {
        String claim = v.getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = objects.persistentVolumeClaim(ns, claim)
            .orElseThrow(() -> new VolumeException(v.getName(), "persistentvolumeclaim \"" + claim + "\" not found"));
        String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
        if (!"Bound".equals(phase)) {
          throw new VolumeException(v.getName(), "PVC " + ns + "/" + claim + " has non-bound phase (\""
              + (phase == null ? "" : phase) + "\") or empty pvc.Spec.VolumeName (\""
              + (pvc.getSpec() == null || pvc.getSpec().getVolumeName() == null ? "" : pvc.getSpec().getVolumeName()) + "\")");
        }
      } else if (v.getProjected() != null) {
        for (VolumeProjection p : list(v.getProjected().getSources())) {
          if (p.getConfigMap() != null) {
            requireConfigMap(v.getName(), ns, p.getConfigMap().getName(), p.getConfigMap().getOptional());
          } else if (p.getSecret() != null) {
            requireSecret(v.getName(), ns, p.getSecret().getName(), p.getSecret().getOptional());
          }
        }
      }
    }
  }

  private void requireConfigMap(String volume, String ns, String name, Boolean optional) throws VolumeException {
    if (!Boolean.TRUE.equals(optional) && objects.configMap(ns, name).isEmpty()) {
      throw new VolumeException(volume, "configmap \"" + name + "\" not found");
    }
  }

  private void requireSecret(String volume, String ns, String name, Boolean optional) throws VolumeException {
    if (!Boolean.TRUE.equals(optional) && objects.secret(ns, name).isEmpty()) {
      throw new VolumeException(volume, "secret \"" + name + "\" not found");
    }
  }

  @Override
  public List<Mount> mounts(Pod pod, Container container) {
    Map<String, Volume> volumes = new java.util.HashMap<>();
    list(pod.getSpec().getVolumes()).forEach(v -> volumes.put(v.getName(), v));
    List<Mount> out = new ArrayList<>();
    for (VolumeMount m : list(container.getVolumeMounts())) {
      Volume v = volumes.get(m.getName());
      if (v == null) {
        continue;
      }
      String host = hostPath(pod.getMetadata().getUid(), v);
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
        host = host + "/" + m.getSubPath();
      }
      String propagation = m.getMountPropagation() == null ? "PRIVATE" : switch (m.getMountPropagation()) {
        case "HostToContainer" -> "HOST_TO_CONTAINER";
        case "Bidirectional" -> "BIDIRECTIONAL";
        default -> "PRIVATE";
      };
      out.add(new Mount(m.getMountPath(), host, Boolean.TRUE.equals(m.getReadOnly()), propagation));
    }
    return out;
  }

  /** Where a volume lives on the node, as upstream lays it out. */
  String hostPath(String podUid, Volume v) {
    if (v.getHostPath() != null) {
      return v.getHostPath().getPath();
    }
    String plugin;
    if (v.getConfigMap() != null) {
      plugin = "kubernetes.io~configmap";
    } else if (v.getSecret() != null) {
      plugin = "kubernetes.io~secret";
    } else if (v.getProjected() != null) {
      plugin = "kubernetes.io~projected";
    } else if (v.getDownwardAPI() != null) {
      plugin = "kubernetes.io~downward-api";
    } else if (v.getPersistentVolumeClaim() != null) {
      plugin = "kubernetes.io~local-volume";
    } else {
      plugin = "kubernetes.io~empty-dir";
    }
    return root + "/pods/" + podUid + "/volumes/" + plugin + "/" + v.getName();
  }

  @Override
  public void tearDown(String podUid) {
    // Nothing was written.
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
