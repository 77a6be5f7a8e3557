package dev.ketch.controllers.framework;

import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An informer event handler that only computes a key and queues it; the controller's workers do
 * the rest. Objects the filter rejects are ignored (for updates, when it rejects both the old and
 * the new object).
 *
 * @param <T> the informer's object type
 * @param <K> the queue's key type
 */
public final class EnqueueHandler<T, K> implements ResourceEventHandler<T> {

  private final WorkQueue<K> queue;
  private final Function<? super T, K> key;
  private final Predicate<? super T> filter;

  public EnqueueHandler(WorkQueue<K> queue, Function<? super T, K> key, Predicate<? super T> filter) {
    this.queue = queue;
    this.key = key;
    this.filter = filter;
  }

  /** Queues the key of every object added, updated or deleted. */
  public static <T extends io.fabric8.kubernetes.api.model.HasMetadata> EnqueueHandler<T, ObjectKey> byObjectKey(
      WorkQueue<ObjectKey> queue, Predicate<? super T> filter) {
    return new EnqueueHandler<>(queue, ObjectKey::of, filter);
  }

  @Override
  public void onAdd(T obj) {
    if (filter.test(obj)) {
      queue.add(key.apply(obj));
    }
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    if (filter.test(newObj) || filter.test(oldObj)) {
      queue.add(key.apply(newObj));
    }
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
    if (filter.test(obj)) {
      queue.add(key.apply(obj));
    }
  }
}
