package dev.ketch.apiserver.registry.allocation;

import dev.ketch.apiserver.registry.RegistryHooks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;

/** The Service registry's side effects: cluster IPs and node ports through {@link ServiceAllocations}. */
public final class ServiceHooks implements RegistryHooks {

  private final ServiceAllocations allocations;

  public ServiceHooks(ServiceAllocations allocations) {
    this.allocations = allocations;
  }

  @Override
  public Pending beforeCreate(HasMetadata object) {
    return wrap(allocations.forCreate((Service) object));
  }

  @Override
  public Pending beforeUpdate(HasMetadata object, HasMetadata old) {
    return wrap(allocations.forUpdate((Service) object, (Service) old));
  }

  @Override
  public void afterDelete(HasMetadata old) {
    allocations.forDelete((Service) old).commit();
  }

  private static Pending wrap(ServiceAllocations.Transaction tx) {
    return new Pending() {
      @Override
      public void commit() {
        tx.commit();
      }

      @Override
      public void rollback() {
        tx.rollback();
      }
    };
  }
}
