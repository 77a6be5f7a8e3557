package dev.ketch.store.etcd;

import dev.ketch.store.KeyValueStore;
import dev.ketch.store.WatchContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdWatchContractTest extends WatchContract {

  @RegisterExtension static final EtcdStoreExtension etcd = new EtcdStoreExtension();

  @Override
  protected KeyValueStore store() {
    return etcd.store();
  }
}
