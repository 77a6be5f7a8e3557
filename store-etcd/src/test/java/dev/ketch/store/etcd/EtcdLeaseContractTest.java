package dev.ketch.store.etcd;

import dev.ketch.store.KeyValueStore;
import dev.ketch.store.LeaseContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdLeaseContractTest extends LeaseContract {

  @RegisterExtension static final EtcdStoreExtension etcd = new EtcdStoreExtension();

  @Override
  protected KeyValueStore store() {
    return etcd.store();
  }
}
