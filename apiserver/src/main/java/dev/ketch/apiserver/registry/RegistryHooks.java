package dev.ketch.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Side effects of a resource's writes beyond the object itself, such as a Service's cluster IP
 * and node ports: reserved before the object is stored, then committed once the store took the
 * write, or rolled back if it refused it (or the write was a dry run). Implementations are
 * thread-safe.
 */
public interface RegistryHooks {

  RegistryHooks NONE = new RegistryHooks() {};

  /** Reservations waiting for the outcome of one write. Commit and rollback are idempotent. */
  interface Pending {
    Pending NONE = new Pending() {
      @Override
      public void commit() {}

      @Override
      public void rollback() {}
    };

    void commit();

    void rollback();
  }

  /** Before a new object is stored, after validation; may fill allocated values into it. */
  default Pending beforeCreate(HasMetadata object) {
    return Pending.NONE;
  }

  /** Before an update is stored, after validation. */
  default Pending beforeUpdate(HasMetadata object, HasMetadata old) {
    return Pending.NONE;
  }

  /** After the object was deleted from the store. */
  default void afterDelete(HasMetadata old) {}
}
