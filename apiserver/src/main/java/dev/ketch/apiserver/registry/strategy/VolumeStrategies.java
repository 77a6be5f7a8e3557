package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/** PersistentVolumes and PersistentVolumeClaims (pkg/registry/core/persistentvolume{,claim}). */
public final class VolumeStrategies {

  static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");

  private VolumeStrategies() {}

  /**
   * PersistentVolumes: reclaim policy Retain, volumeMode Filesystem, phase Pending on create;
   * capacity, access modes and exactly one volume source required.
   */
  public static final class PersistentVolumeStrategy extends ObjectStrategy<PersistentVolume> {

    public PersistentVolumeStrategy() {
      super(PersistentVolume.class);
    }

    @Override
    protected void defaults(PersistentVolume pv) {
      if (pv.getSpec() == null) {
        pv.setSpec(new PersistentVolumeSpec());
      }
      if (Lists.isEmpty(pv.getSpec().getPersistentVolumeReclaimPolicy())) {
        pv.getSpec().setPersistentVolumeReclaimPolicy("Retain");
      }
      if (pv.getSpec().getVolumeMode() == null) {
        pv.getSpec().setVolumeMode("Filesystem");
      }
      if (pv.getStatus() == null) {
        pv.setStatus(new PersistentVolumeStatus());
      }
      if (Lists.isEmpty(pv.getStatus().getPhase())) {
        pv.getStatus().setPhase("Pending");
      }
    }

    @Override
    protected void resetOnCreate(PersistentVolume pv) {
      PersistentVolumeStatus status = new PersistentVolumeStatus();
      status.setPhase("Pending");
      pv.setStatus(status);
    }

    @Override
    protected void check(PersistentVolume pv, FieldErrors errs) {
      FieldPath spec = FieldPath.root("spec");
      PersistentVolumeSpec s = pv.getSpec();
      accessModes(s.getAccessModes(), spec.child("accessModes"), errs);
      Quantity storage = Lists.of(s.getCapacity()).get("storage");
      if (Lists.of(s.getCapacity()).isEmpty()) {
        errs.required(spec.child("capacity"));
      } else if (storage == null) {
        errs.notSupported(spec.child("capacity"), Lists.of(s.getCapacity()).keySet().iterator().next(), List.of("storage"));
      }
      int sources = 0;
      for (Object o : new Object[] {s.getHostPath(), s.getNfs(), s.getLocal(), s.getCsi(), s.getIscsi(), s.getFc(),
          s.getCephfs(), s.getRbd(), s.getGlusterfs(), s.getAwsElasticBlockStore(), s.getGcePersistentDisk(),
          s.getAzureDisk(), s.getAzureFile(), s.getCinder(), s.getFlexVolume(), s.getVsphereVolume()}) {
        sources += o == null ? 0 : 1;
      }
      if (sources == 0) {
        errs.required(spec, "must specify a volume type");
      }
      String policy = Lists.orEmpty(s.getPersistentVolumeReclaimPolicy());
      if (!List.of("Delete", "Recycle", "Retain").contains(policy)) {
        errs.notSupported(spec.child("persistentVolumeReclaimPolicy"), policy, List.of("Delete", "Recycle", "Retain"));
      }
      volumeMode(s.getVolumeMode(), spec.child("volumeMode"), errs);
    }
  }

  /**
   * PersistentVolumeClaims: volumeMode Filesystem, phase Pending on create; access modes and a
   * storage request required; the spec is immutable except for growing the storage request.
   */
  public static final class PersistentVolumeClaimStrategy extends ObjectStrategy<PersistentVolumeClaim> {

    static final String IMMUTABLE = "spec is immutable after creation except resources.requests for bound claims";

    public PersistentVolumeClaimStrategy() {
      super(PersistentVolumeClaim.class);
    }

    @Override
    protected void defaults(PersistentVolumeClaim pvc) {
      if (pvc.getSpec() == null) {
        pvc.setSpec(new PersistentVolumeClaimSpec());
      }
      if (pvc.getSpec().getVolumeMode() == null) {
        pvc.getSpec().setVolumeMode("Filesystem");
      }
    }

    @Override
    protected void resetOnCreate(PersistentVolumeClaim pvc) {
      PersistentVolumeClaimStatus status = new PersistentVolumeClaimStatus();
      status.setPhase("Pending");
      pvc.setStatus(status);
    }

    @Override
    protected void check(PersistentVolumeClaim pvc, FieldErrors errs) {
      FieldPath spec = FieldPath.root("spec");
      PersistentVolumeClaimSpec s = pvc.getSpec();
      if (Lists.of(s.getAccessModes()).isEmpty()) {
        errs.required(spec.child("accessModes"), "at least 1 access mode is required");
      } else {
        accessModes(s.getAccessModes(), spec.child("accessModes"), errs);
      }
      var requests = s.getResources() == null ? null : s.getResources().getRequests();
      Quantity storage = Lists.of(requests).get("storage");
      if (storage == null) {
        errs.required(spec.child("resources").key("storage"));
      } else {
        var v = Quantities.value(storage);
        if (v == null || v.signum() <= 0) {
          errs.invalid(spec.child("resources", "requests").key("storage"), Quantities.text(storage), "must be greater than zero");
        }
      }
      volumeMode(s.getVolumeMode(), spec.child("volumeMode"), errs);
    }

    @Override
    protected void checkUpdate(PersistentVolumeClaim pvc, PersistentVolumeClaim old, FieldErrors errs) {
      PersistentVolumeClaimSpec now = Parts.deepCopy(pvc.getSpec());
      PersistentVolumeClaimSpec before = old.getSpec();
      // A bound claim's volume name is set by the binder; a claim may be bound once.
      if (Lists.isEmpty(before.getVolumeName())) {
        now.setVolumeName(null);
      }
      boolean bound = "Bound".equals(old.getStatus() == null ? null : old.getStatus().getPhase());
      if (bound && now.getResources() != null) {
        now.setResources(Parts.deepCopy(before.getResources()));
      }
      PersistentVolumeClaimSpec was = Parts.deepCopy(before);
      if (Lists.isEmpty(before.getVolumeName())) {
        was.setVolumeName(null);
      }
      if (!JsonDiff.same(now, was)) {
        errs.forbidden(FieldPath.root("spec"), IMMUTABLE);
      }
      Quantity newSize = requests(pvc.getSpec());
      Quantity oldSize = requests(before);
      if (newSize != null && oldSize != null && Quantities.compare(newSize, oldSize) < 0) {
        errs.forbidden(FieldPath.root("spec").child("resources", "requests", "storage"), "field can not be less than previous value");
      }
    }

    private static Quantity requests(PersistentVolumeClaimSpec s) {
      return s.getResources() == null ? null : Lists.of(s.getResources().getRequests()).get("storage");
    }
  }

  static void accessModes(List<String> modes, FieldPath path, FieldErrors errs) {
    if (Lists.of(modes).isEmpty()) {
      errs.required(path);
      return;
    }
    for (String m : modes) {
      if (!ACCESS_MODES.contains(m)) {
        errs.notSupported(path, m, ACCESS_MODES);
      }
    }
  }

  static void volumeMode(String mode, FieldPath path, FieldErrors errs) {
    if (mode != null && !mode.equals("Block") && !mode.equals("Filesystem")) {
      errs.notSupported(path, mode, List.of("Block", "Filesystem"));
    }
  }
}
