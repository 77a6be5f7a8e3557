package dev.ketch.store;

import java.util.List;

/**
 * Receives what a watch delivers.
 *
 * <p>Calls for one watch never overlap and arrive in this order: any number of {@link #onEvents}
 * and {@link #onProgress} calls, then at most one of {@link #onCompacted} or {@link #onClosed},
 * after which nothing more arrives. Events arrive in revision order, each exactly once, and all
 * events of one revision arrive in one call. A listener that blocks delays only its own watch.
 */
public interface WatchListener {

  /**
   * Events of one or more consecutive revisions, in revision order.
   *
   * @param events never empty
   */
  void onEvents(List<Event> events);

  /**
   * Every event up to and including {@code revision} has been delivered. Sent in answer to {@link
   * Watch#requestProgress()}.
   */
  default void onProgress(long revision) {}

  /**
   * The watch asked for a revision that compaction has removed; the watch is over. The watcher
   * must restart from at least {@code compactRevision}, typically after reading the current state.
   */
  void onCompacted(long compactRevision);

  /**
   * The watch is over: cancelled by the watcher ({@code cause} is null) or ended by the store
   * (closed, or failed, with the cause).
   */
  default void onClosed(Throwable cause) {}
}
