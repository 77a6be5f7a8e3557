package dev.ketch.store.embedded;

import dev.ketch.store.LeaseContract;
import dev.ketch.store.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedInMemoryLeaseContractTest extends LeaseContract {

  @RegisterExtension static final EmbeddedStoreExtension store = EmbeddedStoreExtension.inMemory();

  @Override
  protected KeyValueStore store() {
    return store.store();
  }
}
