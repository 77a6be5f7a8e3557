package dev.ketch.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A watch listener that records every call, for tests. Thread-safe; the lists it returns are
 * snapshots.
 */
public final class RecordingListener implements WatchListener {

  /** One call the listener received. */
  public sealed interface Call {}

  public record Events(List<Event> events) implements Call {}

  public record Progress(long revision) implements Call {}

  public record Compacted(long compactRevision) implements Call {}

  public record Closed(Throwable cause) implements Call {}

  private final List<Call> calls = new ArrayList<>();

  @Override
  public synchronized void onEvents(List<Event> events) {
    calls.add(new Events(List.copyOf(events)));
  }

  @Override
  public synchronized void onProgress(long revision) {
    calls.add(new Progress(revision));
  }

  @Override
  public synchronized void onCompacted(long compactRevision) {
    calls.add(new Compacted(compactRevision));
  }

  @Override
  public synchronized void onClosed(Throwable cause) {
    calls.add(new Closed(cause));
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Every event received so far, in order. */
  public synchronized List<Event> events() {
    List<Event> events = new ArrayList<>();
    for (Call call : calls) {
      if (call instanceof Events e) {
        events.addAll(e.events());
      }
    }
    return events;
  }

  /** The event batches received so far, one per {@link #onEvents} call. */
  public synchronized List<List<Event>> batches() {
    List<List<Event>> batches = new ArrayList<>();
    for (Call call : calls) {
      if (call instanceof Events e) {
        batches.add(e.events());
      }
    }
    return batches;
  }

  public synchronized List<Long> progress() {
    List<Long> progress = new ArrayList<>();
    for (Call call : calls) {
      if (call instanceof Progress p) {
        progress.add(p.revision());
      }
    }
    return progress;
  }

  /** The calls after the events: progress, compaction and close notifications. */
  public synchronized List<Call> notifications() {
    return calls.stream().filter(c -> !(c instanceof Events)).toList();
  }
}
