package dev.ketch.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Side effects of a resource's writes beyond the object itself, such as a Service's cluster IP
 * and node ports: reserved before the object is stored, given back if storing fails or once the
 * object is gone. Implementations are thread-safe.
 */
public interface RegistryHooks {

  RegistryHooks NONE = new RegistryHooks() {};

  /**
   * Before a new object is stored; may change it (fill allocated values). Returns what undoes it
   * if the store then refuses the write.
   */
  default Runnable beforeCreate(HasMetadata object) {
    return () -> {};
  }

  /** Before an update is stored; returns what undoes it if the store refuses the write. */
  default Runnable beforeUpdate(HasMetadata object, HasMetadata old) {
    return () -> {};
  }

  /** After the object was deleted from the store. */
  default void afterDelete(HasMetadata old) {}
}
