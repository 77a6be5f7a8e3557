package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.resource.ResourceType;

/** The strategy of each resource. Implementations are immutable and thread-safe. */
@FunctionalInterface
public interface Strategies {

  ResourceStrategy forResource(ResourceType type);

  /** Every resource with the default policy: nothing reset, nothing validated beyond metadata. */
  static Strategies none() {
    return type -> new ResourceStrategy() {};
  }
}
