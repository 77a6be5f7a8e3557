package dev.ketch.store.etcd;

import dev.ketch.store.CompactionContract;
import dev.ketch.store.KeyValueStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdCompactionContractTest extends CompactionContract {

  @RegisterExtension static final EtcdStoreExtension etcd = new EtcdStoreExtension();

  @Override
  protected KeyValueStore store() {
    return etcd.store();
  }
}
