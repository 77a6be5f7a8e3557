package dev.ketch.store.embedded;

import dev.ketch.store.CompactionContract;
import dev.ketch.store.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedOnDiskCompactionContractTest extends CompactionContract {

  @RegisterExtension static final EmbeddedStoreExtension store = EmbeddedStoreExtension.onDisk();

  @Override
  protected KeyValueStore store() {
    return store.store();
  }
}
