package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Resources whose upstream strategy adds nothing this server enforces beyond generic metadata:
 * ServiceAccounts and Leases.
 *
 * @param <T> the model class
 */
public final class PlainStrategy<T extends HasMetadata> extends ObjectStrategy<T> {

  public PlainStrategy(Class<T> type) {
    super(type);
  }
}
