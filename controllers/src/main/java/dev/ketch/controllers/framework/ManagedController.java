package dev.ketch.controllers.framework;

/**
 * A controller the {@link dev.ketch.controllers.manager.ControllerManager} runs: it registers its
 * informers when created, then {@link #run()} works until {@link #close()}.
 */
public interface ManagedController extends AutoCloseable {

  /** A short stable name, e.g. {@code garbage-collector}; used for threads and logs. */
  String name();

  /**
   * Waits for this controller's informer caches to sync, then works until closed. Blocks the
   * calling thread; returns when {@link #close()} has been called and the workers have stopped, or
   * at once if it was closed before.
   */
  void run();

  /**
   * Stops the workers, letting each finish the key in hand, and waits for them. Safe to call from
   * any thread, more than once, before or during {@link #run()}.
   */
  @Override
  void close();
}
