package dev.ketch.controllers.job;

import dev.ketch.controllers.framework.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The back-off before a Job replaces failed pods (upstream's backoffStore): per Job, the failures
 * since the last success and when the last one happened; the next pod waits the default back-off
 * doubled for each further failure, up to the maximum, counted from that last failure. Held in
 * memory only, as upstream. Thread-safe.
 */
final class JobBackoff {

  /** One Job's record. */
  record Record(ObjectKey key, int failuresAfterLastSuccess, Instant lastFailure) {

    /** How long from {@code now} until a new pod may be created. */
    Duration remaining(Instant now, Duration initial, Duration max) {
      if (failuresAfterLastSuccess == 0 || lastFailure == null) {
        return Duration.ZERO;
      }
      Duration backoff = initial;
      for (int i = 1; i < failuresAfterLastSuccess; i++) {
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(max) >= 0) {
          backoff = max;
          break;
        }
      }
      Duration elapsed = Duration.between(lastFailure, now);
      return backoff.compareTo(elapsed) < 0 ? Duration.ZERO : backoff.minus(elapsed);
    }
  }

  private final ConcurrentMap<ObjectKey, Record> records = new ConcurrentHashMap<>();

  /** The record after counting the newly finished pods (newBackoffRecord), not yet stored. */
  Record next(ObjectKey key, List<Pod> newSucceeded, List<Pod> newFailed) {
    Record old = records.getOrDefault(key, new Record(key, 0, null));
    Comparator<Pod> byFinish = Comparator.comparing(JobPods::finishedAt);
    List<Pod> succeeded = newSucceeded.stream().sorted(byFinish).toList();
    List<Pod> failed = newFailed.stream().sorted(byFinish).toList();
    if (succeeded.isEmpty()) {
      if (failed.isEmpty()) {
        return old;
      }
      return new Record(key, old.failuresAfterLastSuccess() + failed.size(), JobPods.finishedAt(failed.getLast()));
    }
    Instant lastSuccess = JobPods.finishedAt(succeeded.getLast());
    int failures = 0;
    Instant lastFailure = null;
    for (int i = failed.size() - 1; i >= 0; i--) {
      Instant t = JobPods.finishedAt(failed.get(i));
      if (!t.isAfter(lastSuccess)) {
        break;
      }
      if (lastFailure == null) {
        lastFailure = t;
      }
      failures++;
    }
    return new Record(key, failures, lastFailure);
  }

  void store(Record record) {
    records.put(record.key(), record);
  }

  void remove(ObjectKey key) {
    records.remove(key);
  }
}
