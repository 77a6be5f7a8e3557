package dev.ketch.store;

/** A running watch. Thread-safe. */
public interface Watch extends AutoCloseable {

  /** The revision of the first event the watch delivers (or would deliver). */
  long startRevision();

  /**
   * Asks for a {@link WatchListener#onProgress} notification once every event up to the store's
   * current revision has been delivered.
   */
  void requestProgress();

  /**
   * Stops the watch. The listener gets {@link WatchListener#onClosed} with a null cause unless the
   * watch had already ended. Idempotent.
   */
  @Override
  void close();
}
