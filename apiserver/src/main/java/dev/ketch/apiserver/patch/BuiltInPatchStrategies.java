package dev.ketch.apiserver.patch;

import io.fabric8.kubernetes.api.model.ComponentStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.storage.CSINodeSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The patch strategies the built-in Kubernetes API types declare, written out from the
 * {@code patchStrategy}/{@code patchMergeKey} struct tags of k8s.io/api (core/v1, apps/v1,
 * batch/v1, policy/v1, autoscaling/v2, storage/v1) and k8s.io/apimachinery (meta/v1 ObjectMeta).
 * Every field not listed here has no strategy: its objects merge and its lists are replaced.
 * Keyed by the fabric8 class that models the Go type; Go types that embed another (EphemeralContainer
 * embeds EphemeralContainerCommon, Volume embeds VolumeSource) are flattened in fabric8 and here.
 */
final class BuiltInPatchStrategies {

  private BuiltInPatchStrategies() {}

  static Map<Class<?>, Map<String, FieldStrategy>> table() {
    Table t = new Table();

    // meta/v1
    t.put(ObjectMeta.class, "finalizers", FieldStrategy.merge(""));
    t.put(ObjectMeta.class, "ownerReferences", FieldStrategy.merge("uid"));

    // core/v1 pods
    t.put(PodSpec.class, "volumes", FieldStrategy.mergeRetainKeys("name"));
    t.put(PodSpec.class, "initContainers", FieldStrategy.merge("name"));
    t.put(PodSpec.class, "containers", FieldStrategy.merge("name"));
    t.put(PodSpec.class, "ephemeralContainers", FieldStrategy.merge("name"));
    t.put(PodSpec.class, "imagePullSecrets", FieldStrategy.merge("name"));
    t.put(PodSpec.class, "hostAliases", FieldStrategy.merge("ip"));
    t.put(PodSpec.class, "topologySpreadConstraints", FieldStrategy.merge("topologyKey"));
    t.put(PodSpec.class, "schedulingGates", FieldStrategy.merge("name"));
    t.put(PodSpec.class, "resourceClaims", FieldStrategy.mergeRetainKeys("name"));
    for (Class<?> container : new Class<?>[] {Container.class, EphemeralContainer.class}) {
      t.put(container, "ports", FieldStrategy.merge("containerPort"));
      t.put(container, "env", FieldStrategy.merge("name"));
      t.put(container, "volumeMounts", FieldStrategy.merge("mountPath"));
      t.put(container, "volumeDevices", FieldStrategy.merge("devicePath"));
    }
    t.put(PodStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(PodStatus.class, "podIPs", FieldStrategy.merge("ip"));
    t.put(PodStatus.class, "hostIPs", FieldStrategy.merge("ip"));
    t.put(PodStatus.class, "resourceClaimStatuses", FieldStrategy.mergeRetainKeys("name"));
    t.put(ContainerStatus.class, "volumeMounts", FieldStrategy.merge("mountPath"));
    t.put(ContainerStatus.class, "allocatedResourcesStatus", FieldStrategy.merge("name"));

    // core/v1 other kinds
    t.put(NodeSpec.class, "podCIDRs", FieldStrategy.merge(""));
    t.put(NodeStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(NodeStatus.class, "addresses", FieldStrategy.merge("type"));
    t.put(NamespaceStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(PersistentVolumeClaimStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(ServiceSpec.class, "ports", FieldStrategy.merge("port"));
    t.put(ServiceStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(ServiceAccount.class, "secrets", FieldStrategy.merge("name"));
    t.put(ReplicationControllerStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(ComponentStatus.class, "conditions", FieldStrategy.merge("type"));

    // apps/v1
    t.put(DeploymentSpec.class, "strategy", FieldStrategy.retainKeys());
    t.put(DeploymentStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(ReplicaSetStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(DaemonSetStatus.class, "conditions", FieldStrategy.merge("type"));
    t.put(StatefulSetStatus.class, "conditions", FieldStrategy.merge("type"));

    // batch/v1
    t.put(JobStatus.class, "conditions", FieldStrategy.merge("type"));

    // policy/v1
    t.put(PodDisruptionBudgetSpec.class, "selector", FieldStrategy.replace());
    t.put(PodDisruptionBudgetStatus.class, "conditions", FieldStrategy.merge("type"));

    // autoscaling/v2
    t.put(HorizontalPodAutoscalerStatus.class, "conditions", FieldStrategy.merge("type"));

    // storage/v1
    t.put(CSINodeSpec.class, "drivers", FieldStrategy.merge("name"));

    return t.entries;
  }

  private static final class Table {
    final Map<Class<?>, Map<String, FieldStrategy>> entries = new LinkedHashMap<>();

    void put(Class<?> owner, String field, FieldStrategy strategy) {
      if (entries.computeIfAbsent(owner, k -> new LinkedHashMap<>()).put(field, strategy) != null) {
        throw new IllegalStateException("declared twice: " + owner.getSimpleName() + "." + field);
      }
    }
  }
}
