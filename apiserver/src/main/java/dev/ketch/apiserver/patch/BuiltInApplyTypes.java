package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ScopeSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretReference;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.TopologySelectorTerm;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What server-side apply knows about the built-in types beyond their patch strategies, written out
 * from the {@code +listType}, {@code +listMapKey}, {@code +structType} and {@code +mapType} markers
 * of k8s.io/api and k8s.io/apimachinery (as the published OpenAPI and client-go's apply schema
 * carry them):
 *
 * <ul>
 *   <li>lists whose apply semantics differ from what their patch strategy implies: keys of more
 *       than one field ({@code ports}: containerPort and protocol), lists merged by key that
 *       declare no patch strategy, and lists a strategic merge patch merges but apply replaces
 *       (Job conditions);
 *   <li>structs and maps that apply replaces whole (label selectors, object references, node
 *       selectors);
 *   <li>defaults of list-map keys, which identify an element that leaves them out ({@code protocol:
 *       TCP}).
 * </ul>
 *
 * <p>Every other list follows its patch strategy: merge with a key is a map list on that key,
 * merge without one a set, no strategy atomic.
 */
final class BuiltInApplyTypes {

  private BuiltInApplyTypes() {}

  record FieldKey(Class<?> owner, String field) {}

  static Map<FieldKey, ListType> listTypes() {
    Map<FieldKey, ListType> t = new LinkedHashMap<>();
    for (Class<?> container : new Class<?>[] {Container.class, EphemeralContainer.class}) {
      t.put(new FieldKey(container, "ports"), ListType.map("containerPort", "protocol"));
    }
    t.put(new FieldKey(ServiceSpec.class, "ports"), ListType.map("port", "protocol"));
    t.put(new FieldKey(PodSpec.class, "topologySpreadConstraints"), ListType.map("topologyKey", "whenUnsatisfiable"));
    t.put(new FieldKey(PodStatus.class, "hostIPs"), ListType.ATOMIC);
    t.put(new FieldKey(ResourceRequirements.class, "claims"), ListType.map("name"));
    t.put(new FieldKey(JobStatus.class, "conditions"), ListType.ATOMIC);
    t.put(new FieldKey(UncountedTerminatedPods.class, "succeeded"), ListType.SET);
    t.put(new FieldKey(UncountedTerminatedPods.class, "failed"), ListType.SET);
    t.put(new FieldKey(PodFailurePolicyOnExitCodesRequirement.class, "values"), ListType.SET);
    t.put(new FieldKey(Endpoint.class, "addresses"), ListType.SET);
    return t;
  }

  /** Structs applied whole ({@code +structType=atomic}). */
  static Set<Class<?>> atomicStructs() {
    return Set.of(
        LabelSelector.class, OwnerReference.class, ObjectReference.class, LocalObjectReference.class,
        TypedLocalObjectReference.class, ConfigMapKeySelector.class, SecretKeySelector.class, ObjectFieldSelector.class,
        ResourceFieldSelector.class, NodeSelector.class, NodeSelectorTerm.class, TopologySelectorTerm.class,
        ScopeSelector.class, SecretReference.class, EndpointAddress.class, EndpointPort.class,
        io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort.class);
  }

  /** Fields whose struct is atomic in general but granular there. */
  static Set<FieldKey> granularFields() {
    return Set.of(new FieldKey(PersistentVolumeSpec.class, "claimRef"));
  }

  /** Maps applied whole ({@code +mapType=atomic}). */
  static Set<FieldKey> atomicMaps() {
    return Set.of(
        new FieldKey(PodSpec.class, "nodeSelector"),
        new FieldKey(ServiceSpec.class, "selector"),
        new FieldKey(ReplicationControllerSpec.class, "selector"));
  }

  /** Defaults of fields that are list-map keys, by the class of the list's elements. */
  static Map<FieldKey, JsonNode> keyDefaults() {
    return Map.of(
        new FieldKey(ContainerPort.class, "protocol"), TextNode.valueOf("TCP"),
        new FieldKey(ServicePort.class, "protocol"), TextNode.valueOf("TCP"));
  }
}
