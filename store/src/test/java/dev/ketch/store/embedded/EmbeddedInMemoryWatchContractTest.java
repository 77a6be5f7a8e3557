package dev.ketch.store.embedded;

import dev.ketch.store.WatchContract;
import dev.ketch.store.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedInMemoryWatchContractTest extends WatchContract {

  @RegisterExtension static final EmbeddedStoreExtension store = EmbeddedStoreExtension.inMemory();

  @Override
  protected KeyValueStore store() {
    return store.store();
  }
}
