package dev.ketch.store.grpc.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * One progress request of a watch stream: answered once every watch of the stream has sent all
 * events up to at least the store revision at the time of the request. The answer carries the
 * lowest revision the watches reported, so no later event of the stream is at or below it.
 * Thread-safe.
 */
final class ProgressRound {

  private final long target;
  private final Set<ActiveWatch> waiting;
  private final LongConsumer answer;
  private long lowest = Long.MAX_VALUE;
  private boolean answered;

  /**
   * @param target the store revision when progress was requested
   * @param watches the watches that must report
   * @param answer sends the answer with the revision reached
   */
  ProgressRound(long target, Set<ActiveWatch> watches, LongConsumer answer) {
    this.target = target;
    this.waiting = new HashSet<>(watches);
    this.answer = answer;
  }

  /** Starts the round; answers at once if there is no watch to wait for. */
  void start() {
    maybeAnswer();
  }

  /**
   * {@code watch} has sent every event up to {@code revision}.
   *
   * @return false if the revision is older than the request, so the watch must be asked again
   */
  boolean report(ActiveWatch watch, long revision) {
    if (revision < target) {
      return false;
    }
    synchronized (this) {
      if (waiting.remove(watch)) {
        lowest = Math.min(lowest, revision);
      }
    }
    maybeAnswer();
    return true;
  }

  /** {@code watch} ended; the round no longer waits for it. */
  void withdraw(ActiveWatch watch) {
    synchronized (this) {
      waiting.remove(watch);
    }
    maybeAnswer();
  }

  private void maybeAnswer() {
    long revision;
    synchronized (this) {
      if (answered || !waiting.isEmpty()) {
        return;
      }
      answered = true;
      revision = lowest == Long.MAX_VALUE ? target : lowest;
    }
    answer.accept(revision);
  }
}
