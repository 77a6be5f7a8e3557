package dev.ketch.store.grpc.internal;

import dev.ketch.store.KeyValueStore;
import io.etcd.jetcd.api.ResponseHeader;

/**
 * What the etcd services share: the store they serve and the identity they answer with.
 *
 * @param store the store served
 * @param headers the identity put in every response header
 * @param maxTxnOps the most operations a transaction may hold, as etcd's {@code --max-txn-ops}
 */
public record ServiceContext(KeyValueStore store, ResponseHeaders headers, int maxTxnOps) {

  /** The store's current revision. */
  public long currentRevision() {
    return store.currentRevision();
  }

  /** A header at the store's current revision, for responses that are not about one revision. */
  public ResponseHeader currentHeader() {
    return headers.at(currentRevision());
  }
}
