package dev.ketch.proxy;

import dev.ketch.proxy.model.ProxyModel;

/** Makes the node forward Service traffic as a {@link ProxyModel} says: iptables rules, or listeners in user space. */
public interface ProxyBackend extends AutoCloseable {

  /** Brings the node to {@code model}, replacing whatever the previous call set up. Fails with a message on error. */
  void sync(ProxyModel model);

  /** What this backend is, for logs and the welcome text. */
  String name();

  /** Removes everything the backend set up. */
  @Override
  void close();
}
