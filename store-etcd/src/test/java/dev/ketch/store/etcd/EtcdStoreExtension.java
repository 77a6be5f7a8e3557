package dev.ketch.store.etcd;

import dev.ketch.testing.etcd.EtcdProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one real etcd and one {@link EtcdKeyValueStore} on it for a test class, and stops both
 * after the class. Register it as a static field with {@code @RegisterExtension}.
 */
final class EtcdStoreExtension implements BeforeAllCallback, AfterAllCallback {

  private EtcdProcess etcd;
  private EtcdKeyValueStore store;

  @Override
  public void beforeAll(ExtensionContext context) {
    etcd = EtcdProcess.start();
    store = new EtcdKeyValueStore(List.of(etcd.endpointUri()), Duration.ofSeconds(10));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      if (etcd != null) {
        etcd.close();
      }
    }
  }

  EtcdKeyValueStore store() {
    return store;
  }

  EtcdProcess etcd() {
    return etcd;
  }
}
