package dev.ketch.store.embedded;

import dev.ketch.store.CompactionContract;
import dev.ketch.store.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedInMemoryCompactionContractTest extends CompactionContract {

  @RegisterExtension static final EmbeddedStoreExtension store = EmbeddedStoreExtension.inMemory();

  @Override
  protected KeyValueStore store() {
    return store.store();
  }
}
