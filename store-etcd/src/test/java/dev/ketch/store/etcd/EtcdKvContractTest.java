package dev.ketch.store.etcd;

import dev.ketch.store.KeyValueStore;
import dev.ketch.store.KvContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdKvContractTest extends KvContract {

  @RegisterExtension static final EtcdStoreExtension etcd = new EtcdStoreExtension();

  @Override
  protected KeyValueStore store() {
    return etcd.store();
  }
}
