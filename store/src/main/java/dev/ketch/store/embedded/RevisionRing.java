package dev.ketch.store.embedded;

import java.util.ArrayList;
import java.util.List;

/**
 * The events of the most recent committed revisions, in a circular array. Revisions are
 * consecutive, so the slot of a revision is computed, never searched. Bounded by a number of
 * revisions and by their estimated weight. Not thread-safe: {@link WatchHub} guards it.
 */
final class RevisionRing {

  private final RevisionEvents[] slots;
  private final long maxWeight;
  private int head;
  private int size;
  private long weight;

  RevisionRing(int maxRevisions, long maxWeight) {
    this.slots = new RevisionEvents[maxRevisions];
    this.maxWeight = maxWeight;
  }

  /** Appends the next revision; the oldest ones leave when a bound is exceeded. */
  void add(RevisionEvents r) {
    if (size > 0 && r.revision() != newest().revision() + 1) {
      // A gap (a store reopened at a later revision): start afresh rather than index wrongly.
      clear();
    }
    if (size == slots.length) {
      removeOldest();
    }
    slots[(head + size) % slots.length] = r;
    size++;
    weight += r.weight();
    while (weight > maxWeight && size > 1) {
      removeOldest();
    }
  }

  private void removeOldest() {
    weight -= slots[head].weight();
    slots[head] = null;
    head = (head + 1) % slots.length;
    size--;
  }

  private void clear() {
    while (size > 0) {
      removeOldest();
    }
  }

  private RevisionEvents newest() {
    return slots[(head + size - 1) % slots.length];
  }

  /** Revisions {@code from}..{@code to} (capped at the newest), or null if {@code from} has left. */
  List<RevisionEvents> range(long from, long to) {
    if (size == 0) {
      return null;
    }
    long oldest = slots[head].revision();
    if (from < oldest) {
      return null;
    }
    long last = Math.min(to, newest().revision());
    List<RevisionEvents> out = new ArrayList<>((int) Math.max(0, last - from + 1));
    for (long rev = from; rev <= last; rev++) {
      out.add(slots[(int) ((head + (rev - oldest)) % slots.length)]);
    }
    return out;
  }
}
