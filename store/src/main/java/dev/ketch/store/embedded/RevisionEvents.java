package dev.ketch.store.embedded;

import dev.ketch.store.Event;
import java.util.List;

/** The events of one committed revision, in the order of their changes. */
record RevisionEvents(long revision, List<Event> events) {

  /** A rough size in bytes, for bounding what is kept in memory. */
  long weight() {
    long w = 64;
    for (Event e : events) {
      w += 64 + e.kv().key().size() + e.kv().value().size();
      if (e.prevKv() != null) {
        w += e.prevKv().value().size();
      }
    }
    return w;
  }
}
