package dev.ketch.store.embedded;

import dev.ketch.store.WatchContract;
import dev.ketch.store.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedOnDiskWatchContractTest extends WatchContract {

  @RegisterExtension static final EmbeddedStoreExtension store = EmbeddedStoreExtension.onDisk();

  @Override
  protected KeyValueStore store() {
    return store.store();
  }
}
