package dev.ketch.controllers.statefulset;

import dev.ketch.controllers.history.Revisions;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity and storage of a StatefulSet's pods (upstream's stateful_set_utils): pod
 * {@code <set>-<ordinal>} with hostname the pod name, subdomain the set's service, labels
 * {@code statefulset.kubernetes.io/pod-name}, {@code apps.kubernetes.io/pod-index} and {@code
 * controller-revision-hash}; for each volumeClaimTemplate a claim {@code <template>-<set>-<ordinal>}
 * mounted as the template's volume, owned by the set or the pod as the retention policy says.
 */
final class StatefulPods {

  static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
  static final String REVISION_LABEL = "controller-revision-hash";
  static final String API_VERSION = "apps/v1";
  static final String KIND = "StatefulSet";

  private static final Pattern NAME_AND_ORDINAL = Pattern.compile("(.*)-([0-9]+)$");

  private StatefulPods() {}

  /** The ordinal in a member pod's name, or -1. */
  static int ordinal(Pod pod) {
    Matcher m = NAME_AND_ORDINAL.matcher(pod.getMetadata().getName());
    if (!m.matches()) {
      return -1;
    }
    try {
      return Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String parentName(Pod pod) {
    Matcher m = NAME_AND_ORDINAL.matcher(pod.getMetadata().getName());
    return m.matches() ? m.group(1) : "";
  }

  static boolean isMemberOf(StatefulSet set, Pod pod) {
    return parentName(pod).equals(set.getMetadata().getName());
  }

  static String podName(StatefulSet set, int ordinal) {
    return set.getMetadata().getName() + "-" + ordinal;
  }

  static String claimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
    return template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
  }

  static int startOrdinal(StatefulSet set) {
    var ordinals = set.getSpec().getOrdinals();
    return ordinals == null || ordinals.getStart() == null ? 0 : ordinals.getStart();
  }

  static int replicas(StatefulSet set) {
    return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
  }

  static String revisionOf(Pod pod) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(REVISION_LABEL);
  }

  static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
    return set.getSpec().getVolumeClaimTemplates() == null ? List.of() : set.getSpec().getVolumeClaimTemplates();
  }

  /** A copy of {@code set} whose pod template is the one {@code revision} restores (ApplyRevision). */
  static StatefulSet withRevision(StatefulSet set, ControllerRevision revision) {
    StatefulSet copy = Pods.copy(set);
    var template = Revisions.template(revision);
    if (template != null) {
      copy.getSpec().setTemplate(template);
    }
    return copy;
  }

  /** The pod of {@code ordinal} as {@code set}'s template describes it, labelled with {@code revision}. */
  static Pod newPod(StatefulSet set, int ordinal, String revision) {
    Pod pod = Pods.fromTemplate(set.getSpec().getTemplate(), set.getMetadata().getNamespace(),
        ControllerRefs.newControllerRef(set, API_VERSION, KIND));
    pod.getMetadata().setName(podName(set, ordinal));
    setIdentity(set, pod, ordinal);
    setStorage(set, pod, ordinal);
    pod.getMetadata().getLabels().put(REVISION_LABEL, revision);
    return pod;
  }

  private static void setIdentity(StatefulSet set, Pod pod, int ordinal) {
    pod.getMetadata().getLabels().put(POD_NAME_LABEL, pod.getMetadata().getName());
    pod.getMetadata().getLabels().put(POD_INDEX_LABEL, Integer.toString(ordinal));
    pod.getSpec().setHostname(pod.getMetadata().getName());
    if (set.getSpec().getServiceName() != null && !set.getSpec().getServiceName().isEmpty()) {
      pod.getSpec().setSubdomain(set.getSpec().getServiceName());
    }
  }

  /** Whether a pod carries its identity labels (hostname and subdomain cannot change on a pod). */
  static boolean identityMatches(StatefulSet set, Pod pod) {
    int ordinal = ordinal(pod);
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    return ordinal >= 0
        && set.getMetadata().getName().equals(parentName(pod))
        && Objects.equals(set.getMetadata().getNamespace(), pod.getMetadata().getNamespace())
        && pod.getMetadata().getName().equals(labels.get(POD_NAME_LABEL))
        && Integer.toString(ordinal).equals(labels.get(POD_INDEX_LABEL));
  }

  /** A copy of {@code pod} with its identity labels put back. */
  static Pod withIdentityLabels(Pod pod) {
    Pod copy = Pods.copy(pod);
    if (copy.getMetadata().getLabels() == null) {
      copy.getMetadata().setLabels(new LinkedHashMap<>());
    }
    copy.getMetadata().getLabels().put(POD_NAME_LABEL, copy.getMetadata().getName());
    copy.getMetadata().getLabels().put(POD_INDEX_LABEL, Integer.toString(ordinal(copy)));
    return copy;
  }

  private static void setStorage(StatefulSet set, Pod pod, int ordinal) {
    List<PersistentVolumeClaim> templates = claimTemplates(set);
    if (templates.isEmpty()) {
      return;
    }
    List<Volume> volumes = new ArrayList<>();
    List<String> claimed = new ArrayList<>();
    for (PersistentVolumeClaim t : templates) {
      claimed.add(t.getMetadata().getName());
      Volume v = new Volume();
      v.setName(t.getMetadata().getName());
      v.setPersistentVolumeClaim(new PersistentVolumeClaimVolumeSource(claimName(set, t, ordinal), false));
      volumes.add(v);
    }
    if (pod.getSpec().getVolumes() != null) {
      for (Volume v : pod.getSpec().getVolumes()) {
        if (!claimed.contains(v.getName())) {
          volumes.add(v);
        }
      }
    }
    pod.getSpec().setVolumes(volumes);
  }

  /** The claims the pod of {@code ordinal} mounts, as the set's templates describe them. */
  static List<PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
    List<PersistentVolumeClaim> claims = new ArrayList<>();
    for (PersistentVolumeClaim t : claimTemplates(set)) {
      PersistentVolumeClaim claim = new PersistentVolumeClaim();
      claim.setApiVersion("v1");
      claim.setKind("PersistentVolumeClaim");
      ObjectMeta meta = new ObjectMeta();
      meta.setName(claimName(set, t, ordinal));
      meta.setNamespace(set.getMetadata().getNamespace());
      Map<String, String> labels = new LinkedHashMap<>();
      if (t.getMetadata().getLabels() != null) {
        labels.putAll(t.getMetadata().getLabels());
      }
      if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
        labels.putAll(set.getSpec().getSelector().getMatchLabels());
      }
      meta.setLabels(labels);
      if (t.getMetadata().getAnnotations() != null) {
        meta.setAnnotations(new LinkedHashMap<>(t.getMetadata().getAnnotations()));
      }
      claim.setMetadata(meta);
      claim.setSpec(Pods.copy(t.getSpec()));
      claims.add(claim);
    }
    return claims;
  }

  /**
   * The owner references a claim should carry besides its others (the retention policy):
   * whenDeleted Delete makes the set an owner, whenScaled Delete makes the pod an owner while its
   * ordinal is beyond the replicas.
   */
  static List<OwnerReference> retentionOwners(StatefulSet set, Pod pod, boolean condemned) {
    var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
    String whenDeleted = policy == null || policy.getWhenDeleted() == null ? "Retain" : policy.getWhenDeleted();
    String whenScaled = policy == null || policy.getWhenScaled() == null ? "Retain" : policy.getWhenScaled();
    List<OwnerReference> owners = new ArrayList<>();
    if (whenDeleted.equals("Delete")) {
      owners.add(new OwnerReferenceBuilder().withApiVersion(API_VERSION).withKind(KIND)
          .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid()).build());
    }
    if (whenScaled.equals("Delete") && condemned && pod != null && pod.getMetadata().getUid() != null) {
      owners.add(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
          .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
    }
    return owners;
  }

  /**
   * {@code claim}'s owner references with those to {@code set} and {@code pod} made what the
   * retention policy wants, or null if they already are.
   */
  static List<OwnerReference> retentionUpdate(PersistentVolumeClaim claim, StatefulSet set, Pod pod, boolean condemned) {
    List<OwnerReference> current = claim.getMetadata().getOwnerReferences() == null ? List.of() : claim.getMetadata().getOwnerReferences();
    List<OwnerReference> wanted = retentionOwners(set, pod, condemned);
    List<OwnerReference> next = new ArrayList<>();
    for (OwnerReference r : current) {
      boolean isSet = r.getUid().equals(set.getMetadata().getUid());
      boolean isPod = pod != null && r.getUid().equals(pod.getMetadata().getUid());
      if (!isSet && !isPod) {
        next.add(r);
      }
    }
    next.addAll(wanted);
    return sameUids(current, next) ? null : next;
  }

  private static boolean sameUids(List<OwnerReference> a, List<OwnerReference> b) {
    return a.stream().map(OwnerReference::getUid).sorted().toList().equals(b.stream().map(OwnerReference::getUid).sorted().toList());
  }
}
