package dev.ketch.kubelet.volume;

import dev.ketch.kubelet.objects.ObjectSource;
import dev.ketch.kubelet.runtime.Mount;
import dev.ketch.kubelet.volume.AtomicWriter.FileProjection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volumes on a real node, laid out as upstream's kubelet lays them out: {@code
 * <root>/pods/<uid>/volumes/<plugin>/<name>} with the plugins {@code kubernetes.io~empty-dir}
 * (a directory, or a tmpfs for medium Memory), {@code kubernetes.io~configmap}, {@code
 * ~secret}, {@code ~downward-api} and {@code ~projected} (files written by the {@link
 * AtomicWriter}, mounted read-only, rewritten when the objects change); {@code hostPath} volumes
 * and claims bound to hostPath or local PersistentVolumes are the node's own paths ({@link
 * HostPaths}). A source the node cannot provide (NFS, CSI, …) fails the volume, which the pod
 * shows as a FailedMount event. Calling {@link #setUp} again refreshes the contents: the kubelet
 * does so while the pod runs, so ConfigMap and Secret changes and renewed tokens reach it.
 *
 * <p>Thread-safe for different pods; one pod's calls come from its worker only. Blocks on the API
 * and the file system.
 */
public final class HostVolumeManager implements VolumeManager {

  private static final Logger log = LoggerFactory.getLogger(HostVolumeManager.class);
  /** A volume naming no source is an emptyDir, as the API's defaulting makes it. */
  private static final String NO_SOURCE = "(none)";

  private final ObjectSource objects;
  private final Path root;
  private final Projections projections;
  private final MemoryMounts memory;
  /** Per pod uid: the node path of each volume whose path is not under the pod's directory. */
  private final Map<String, Map<String, String>> external = new ConcurrentHashMap<>();

  /**
   * @param root the kubelet's root directory, e.g. {@code /var/lib/kubelet}
   * @param allocatable the node's allocatable resources (downward API limits of containers without one)
   */
  public HostVolumeManager(ObjectSource objects, TokenSource tokens, Path root, Map<String, Quantity> allocatable,
      Clock clock, MemoryMounts memory) {
    this.objects = objects;
    this.root = root;
    this.projections = new Projections(objects, tokens, allocatable, clock);
    this.memory = memory;
  }

  @Override
  public void setUp(Pod pod) throws VolumeException {
    String uid = pod.getMetadata().getUid();
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> paths = new HashMap<>();
    for (Volume v : list(pod.getSpec().getVolumes())) {
      Path dir = volumeDir(uid, v);
      String name = v.getName();
      try {
        if (v.getEmptyDir() != null) {
          emptyDir(v, dir);
        } else if (v.getHostPath() != null) {
          paths.put(name, HostPaths.hostPath(name, v.getHostPath().getPath(), v.getHostPath().getType()));
        } else if (v.getPersistentVolumeClaim() != null) {
          paths.put(name, HostPaths.claim(objects, name, ns, v.getPersistentVolumeClaim().getClaimName()));
        } else if (v.getConfigMap() != null) {
          var c = v.getConfigMap();
          write(name, dir, projections.configMap(pod, name, c.getName(), c.getItems(), c.getDefaultMode(), c.getOptional()));
        } else if (v.getSecret() != null) {
          var s = v.getSecret();
          write(name, dir, projections.secret(pod, name, s.getSecretName(), s.getItems(), s.getDefaultMode(), s.getOptional()));
        } else if (v.getDownwardAPI() != null) {
          write(name, dir, projections.downwardApi(pod, name, v.getDownwardAPI().getItems(), v.getDownwardAPI().getDefaultMode()));
        } else if (v.getProjected() != null) {
          write(name, dir, projections.projected(pod, name, v.getProjected().getSources(), v.getProjected().getDefaultMode()));
        } else if (sourceName(v).equals(NO_SOURCE)) {
          emptyDir(v, dir);
        } else {
          throw new VolumeException(name, "volume type " + sourceName(v) + " is not supported on this node");
        }
      } catch (IOException e) {
        throw new VolumeException(name, e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    external.put(uid, paths);
  }

  private void emptyDir(Volume v, Path dir) throws IOException, VolumeException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, AtomicWriter.perms(0777));
    }
    if (v.getEmptyDir() != null && "Memory".equals(v.getEmptyDir().getMedium())) {
      Quantity limit = v.getEmptyDir().getSizeLimit();
      memory.mount(v.getName(), dir, limit == null ? 0 : limit.getNumericalAmount().longValue());
    }
  }

  private static void write(String volume, Path dir, Map<String, FileProjection> files) throws VolumeException, IOException {
    try {
      AtomicWriter.write(dir, files);
    } catch (IllegalArgumentException e) {
      throw new VolumeException(volume, e.getMessage());
    }
  }

  @Override
  public List<Mount> mounts(Pod pod, Container container) {
    String uid = pod.getMetadata().getUid();
    Map<String, Volume> volumes = new HashMap<>();
    list(pod.getSpec().getVolumes()).forEach(v -> volumes.put(v.getName(), v));
    Map<String, String> paths = external.getOrDefault(uid, Map.of());
    List<Mount> out = new ArrayList<>();
    for (VolumeMount m : list(container.getVolumeMounts())) {
      Volume v = volumes.get(m.getName());
      if (v == null) {
        continue;
      }
      String host = paths.getOrDefault(v.getName(), volumeDir(uid, v).toString());
      boolean writable = v.getConfigMap() == null && v.getSecret() == null && v.getDownwardAPI() == null
          && v.getProjected() == null;
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
        host = subPath(host, m.getSubPath(), writable);
      }
      String propagation = m.getMountPropagation() == null ? "PRIVATE" : switch (m.getMountPropagation()) {
        case "HostToContainer" -> "HOST_TO_CONTAINER";
        case "Bidirectional" -> "BIDIRECTIONAL";
        default -> "PRIVATE";
      };
      // Content from the API is the kubelet's to change: containers only read it.
      boolean readOnly = Boolean.TRUE.equals(m.getReadOnly()) || !writable;
      out.add(new Mount(m.getMountPath(), host, readOnly, propagation));
    }
    return out;
  }

  /** The volume's sub-path; made a directory when missing in a volume the pod may write, as upstream does. */
  private static String subPath(String volumePath, String subPath, boolean create) {
    Path base = Path.of(volumePath);
    Path p = base.resolve(subPath).normalize();
    if (!p.startsWith(base)) {
      return base.toString(); // a sub-path climbing out was refused by validation; never follow it
    }
    if (create && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectories(p);
      } catch (IOException e) {
        log.warn("cannot create subPath {}: {}", p, e.toString());
      }
    }
    return p.toString();
  }

  @Override
  public void tearDown(String podUid) {
    external.remove(podUid);
    projections.forget(podUid);
    Path podDir = root.resolve("pods").resolve(podUid);
    memory.unmountAll(podDir);
    try {
      AtomicWriter.deleteTree(podDir);
    } catch (IOException e) {
      log.warn("cannot remove the volumes of podUid={}: {}", podUid, e.toString());
    }
  }

  /** {@code <root>/pods/<uid>/volumes/<plugin>/<name>}. */
  Path volumeDir(String podUid, Volume v) {
    return root.resolve("pods").resolve(podUid).resolve("volumes").resolve(plugin(v)).resolve(v.getName());
  }

  static String plugin(Volume v) {
    if (v.getConfigMap() != null) {
      return "kubernetes.io~configmap";
    } else if (v.getSecret() != null) {
      return "kubernetes.io~secret";
    } else if (v.getProjected() != null) {
      return "kubernetes.io~projected";
    } else if (v.getDownwardAPI() != null) {
      return "kubernetes.io~downward-api";
    } else if (v.getPersistentVolumeClaim() != null) {
      return "kubernetes.io~local-volume";
    } else if (v.getHostPath() != null) {
      return "kubernetes.io~host-path";
    }
    return "kubernetes.io~empty-dir";
  }

  /** The name of the volume's source field, for the message about an unsupported one. */
  private static String sourceName(Volume v) {
    Map<String, Object> fields = new java.util.TreeMap<>();
    fields.put("awsElasticBlockStore", v.getAwsElasticBlockStore());
    fields.put("azureDisk", v.getAzureDisk());
    fields.put("azureFile", v.getAzureFile());
    fields.put("cephfs", v.getCephfs());
    fields.put("cinder", v.getCinder());
    fields.put("csi", v.getCsi());
    fields.put("ephemeral", v.getEphemeral());
    fields.put("fc", v.getFc());
    fields.put("flexVolume", v.getFlexVolume());
    fields.put("flocker", v.getFlocker());
    fields.put("gcePersistentDisk", v.getGcePersistentDisk());
    fields.put("gitRepo", v.getGitRepo());
    fields.put("glusterfs", v.getGlusterfs());
    fields.put("image", v.getImage());
    fields.put("iscsi", v.getIscsi());
    fields.put("nfs", v.getNfs());
    fields.put("photonPersistentDisk", v.getPhotonPersistentDisk());
    fields.put("portworxVolume", v.getPortworxVolume());
    fields.put("quobyte", v.getQuobyte());
    fields.put("rbd", v.getRbd());
    fields.put("scaleIO", v.getScaleIO());
    fields.put("storageos", v.getStorageos());
    fields.put("vsphereVolume", v.getVsphereVolume());
    return fields.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).findFirst().orElse(NO_SOURCE);
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
