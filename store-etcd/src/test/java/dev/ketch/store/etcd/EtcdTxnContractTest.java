package dev.ketch.store.etcd;

import dev.ketch.store.KeyValueStore;
import dev.ketch.store.TxnContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdTxnContractTest extends TxnContract {

  @RegisterExtension static final EtcdStoreExtension etcd = new EtcdStoreExtension();

  @Override
  protected KeyValueStore store() {
    return etcd.store();
  }
}
