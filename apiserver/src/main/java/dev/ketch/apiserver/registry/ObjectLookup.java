package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Reads of stored objects for admission plugins and strategies that depend on other objects
 * (a pod's PriorityClass, a namespace's LimitRanges). Served from the watch caches: cheap and
 * possibly a moment behind, as kube-apiserver's informer-backed admission is. Thread-safe.
 */
public interface ObjectLookup {

  <T extends HasMetadata> Optional<T> get(ResourceType type, String namespace, String name, Class<T> modelClass);

  /** Every object of the type in the namespace (empty: in every namespace). */
  <T extends HasMetadata> List<T> list(ResourceType type, String namespace, Class<T> modelClass);

  /** The resource type for a plural name in a group, e.g. ("scheduling.k8s.io", "priorityclasses"). */
  ResourceType type(String group, String plural);
}
