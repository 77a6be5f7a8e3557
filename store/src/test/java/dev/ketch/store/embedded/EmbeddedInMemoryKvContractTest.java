package dev.ketch.store.embedded;

import dev.ketch.store.KvContract;
import dev.ketch.store.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedInMemoryKvContractTest extends KvContract {

  @RegisterExtension static final EmbeddedStoreExtension store = EmbeddedStoreExtension.inMemory();

  @Override
  protected KeyValueStore store() {
    return store.store();
  }
}
