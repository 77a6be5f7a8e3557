package dev.ketch.scheduler.plugins.volumebinding;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EnqueueExtensions;
import dev.ketch.scheduler.framework.FilterPlugin;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PreFilterPlugin;
import dev.ketch.scheduler.framework.PreFilterResult;
import dev.ketch.scheduler.framework.StateData;
import dev.ketch.scheduler.framework.StateKey;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.labels.NodeSelectorMatcher;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The basics of the VolumeBinding plugin: every PersistentVolumeClaim a pod mounts must exist and
 * not be terminating; a bound claim's volume must exist and its node affinity must admit the node;
 * an unbound claim must be of a WaitForFirstConsumer class and bindable on the node — an available
 * volume of that class that is large enough, has the access modes and admits the node, or a class
 * that provisions dynamically. Claims of Immediate classes must already be bound (their binding is
 * the volume controller's job). This plugin does not itself bind or provision volumes.
 */
public final class VolumeBinding implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {

  public static final String NAME = "VolumeBinding";
  public static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
  public static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
  public static final String NO_MATCHING_VOLUME = "node(s) didn't find available persistent volumes to bind";
  static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";
  private static final StateKey<Claims> KEY = new StateKey<>(NAME + "/preFilter", Claims.class);

  private final Handle handle;

  /** The pod's claims, split into bound ones (with their volumes) and ones to bind on the node. */
  record Claims(List<PersistentVolume> boundVolumes, List<PersistentVolumeClaim> toBind) implements StateData {
    @Override
    public StateData copy() {
      return this;
    }
  }

  public VolumeBinding(Handle handle) {
    this.handle = handle;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PreFilterResult preFilter(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
    List<Volume> volumes = pod.pod().getSpec().getVolumes();
    List<PersistentVolume> bound = new ArrayList<>();
    List<PersistentVolumeClaim> toBind = new ArrayList<>();
    if (volumes != null) {
      for (Volume v : volumes) {
        if (v.getPersistentVolumeClaim() == null) {
          continue;
        }
        String claimName = v.getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = handle.listers().persistentVolumeClaim(pod.namespace(), claimName);
        if (pvc == null) {
          return PreFilterResult.of(Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" not found"));
        }
        if (pvc.getMetadata().getDeletionTimestamp() != null) {
          return PreFilterResult.of(Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" is being deleted"));
        }
        String volumeName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
        if (volumeName != null && !volumeName.isEmpty()) {
          PersistentVolume pv = handle.listers().persistentVolume(volumeName);
          if (pv == null) {
            return PreFilterResult.of(Status.unresolvable("pvc(s) bound to non-existent pv(s)"));
          }
          bound.add(pv);
        } else {
          StorageClass sc = storageClass(pvc);
          if (sc == null || !"WaitForFirstConsumer".equals(sc.getVolumeBindingMode())) {
            return PreFilterResult.of(Status.unresolvable(UNBOUND_IMMEDIATE));
          }
          toBind.add(pvc);
        }
      }
    }
    if (bound.isEmpty() && toBind.isEmpty()) {
      return PreFilterResult.of(Status.skip());
    }
    state.write(KEY, new Claims(bound, toBind));
    return PreFilterResult.of(Status.success());
  }

  private StorageClass storageClass(PersistentVolumeClaim pvc) {
    String name = pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName();
    return name == null || name.isEmpty() ? null : handle.listers().storageClass(name);
  }

  @Override
  public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
    Claims claims = state.require(KEY);
    for (PersistentVolume pv : claims.boundVolumes()) {
      if (!admits(pv, node)) {
        return Status.unresolvable(NODE_CONFLICT);
      }
    }
    Set<String> taken = new HashSet<>();
    for (PersistentVolumeClaim pvc : claims.toBind()) {
      PersistentVolume match = findVolume(pvc, node, taken);
      if (match != null) {
        taken.add(match.getMetadata().getName());
        continue;
      }
      StorageClass sc = storageClass(pvc);
      if (sc == null || sc.getProvisioner() == null || NO_PROVISIONER.equals(sc.getProvisioner())) {
        return Status.unresolvable(NO_MATCHING_VOLUME);
      }
    }
    return Status.success();
  }

  private PersistentVolume findVolume(PersistentVolumeClaim pvc, NodeInfo node, Set<String> taken) {
    String cls = pvc.getSpec().getStorageClassName();
    long want = 0;
    if (pvc.getSpec().getResources() != null && pvc.getSpec().getResources().getRequests() != null) {
      want = dev.ketch.scheduler.resource.Quantities.value(pvc.getSpec().getResources().getRequests().get("storage"));
    }
    List<String> modes = pvc.getSpec().getAccessModes() == null ? List.of() : pvc.getSpec().getAccessModes();
    PersistentVolume best = null;
    long bestSize = Long.MAX_VALUE;
    for (PersistentVolume pv : handle.listers().persistentVolumes()) {
      var spec = pv.getSpec();
      if (spec == null || taken.contains(pv.getMetadata().getName()) || !java.util.Objects.equals(cls, spec.getStorageClassName())) {
        continue;
      }
      var ref = spec.getClaimRef();
      boolean free = ref == null || (pvc.getMetadata().getName().equals(ref.getName())
          && pvc.getMetadata().getNamespace().equals(ref.getNamespace()));
      String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
      if (!free || (phase != null && !phase.equals("Available") && ref == null)) {
        continue;
      }
      long size = spec.getCapacity() == null ? 0 : dev.ketch.scheduler.resource.Quantities.value(spec.getCapacity().get("storage"));
      List<String> pvModes = spec.getAccessModes() == null ? List.of() : spec.getAccessModes();
      if (size < want || !pvModes.containsAll(modes) || !admits(pv, node)) {
        continue;
      }
      if (size < bestSize) {
        best = pv;
        bestSize = size;
      }
    }
    return best;
  }

  private static boolean admits(PersistentVolume pv, NodeInfo node) {
    var affinity = pv.getSpec() == null ? null : pv.getSpec().getNodeAffinity();
    if (affinity == null || affinity.getRequired() == null) {
      return true;
    }
    try {
      return NodeSelectorMatcher.of(affinity.getRequired()).matches(node.node());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public List<ClusterEventWithHint> eventsToRegister() {
    int addOrUpdate = ClusterEvent.ADD | ClusterEvent.UPDATE_OTHER;
    return List.of(
        ClusterEventWithHint.of(ClusterEvent.Resource.PERSISTENT_VOLUME_CLAIM, addOrUpdate),
        ClusterEventWithHint.of(ClusterEvent.Resource.PERSISTENT_VOLUME, addOrUpdate),
        ClusterEventWithHint.of(ClusterEvent.Resource.STORAGE_CLASS, addOrUpdate),
        ClusterEventWithHint.of(ClusterEvent.Resource.NODE, ClusterEvent.ADD | ClusterEvent.UPDATE_NODE_LABEL));
  }
}
