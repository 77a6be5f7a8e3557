package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.resource.ResourceType;

/**
 * Whether objects may be created in a namespace: it must exist and not be terminating, as
 * kube-apiserver's NamespaceLifecycle admission enforces. Thread-safe.
 */
@FunctionalInterface
public interface NamespaceCheck {

  NamespaceCheck ALLOW_ALL = (type, namespace, name) -> {};

  /** Throws 404 for a missing namespace, 403 for a terminating one. */
  void checkCreate(ResourceType type, String namespace, String name);
}
