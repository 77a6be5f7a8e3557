package dev.ketch.store.embedded;

import dev.ketch.store.TxnContract;
import dev.ketch.store.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedInMemoryTxnContractTest extends TxnContract {

  @RegisterExtension static final EmbeddedStoreExtension store = EmbeddedStoreExtension.inMemory();

  @Override
  protected KeyValueStore store() {
    return store.store();
  }
}
