package dev.ketch.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.store.Bytes;
import dev.ketch.store.Event;
import dev.ketch.store.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionRingTest {

  private static RevisionEvents rev(long r, int valueBytes) {
    KeyValue kv = new KeyValue(Bytes.of("/k"), r, r, 1, Bytes.wrap(new byte[valueBytes]), 0);
    return new RevisionEvents(r, List.of(new Event(Event.Type.PUT, kv, null)));
  }

  private static List<Long> revisions(List<RevisionEvents> list) {
    return list == null ? null : list.stream().map(RevisionEvents::revision).toList();
  }

  @Test
  void keepsTheNewestRevisionsAcrossWrapAround() {
    RevisionRing ring = new RevisionRing(4, Long.MAX_VALUE);
    for (long r = 10; r < 20; r++) {
      ring.add(rev(r, 1));
    }
    assertThat(revisions(ring.range(16, 19))).containsExactly(16L, 17L, 18L, 19L);
    assertThat(revisions(ring.range(17, 100))).containsExactly(17L, 18L, 19L);
    assertThat(ring.range(15, 19)).isNull();
    assertThat(revisions(ring.range(20, 25))).isEmpty();
  }

  @Test
  void dropsTheOldestWhenTooHeavy() {
    RevisionRing ring = new RevisionRing(100, 3_500); // about 1,130 bytes a revision: three fit
    for (long r = 1; r <= 10; r++) {
      ring.add(rev(r, 1_000));
    }
    List<RevisionEvents> kept = ring.range(8, 10);
    assertThat(kept).isNotNull();
    assertThat(ring.range(7, 10)).isNull();
  }

  @Test
  void aGapStartsAfresh() {
    RevisionRing ring = new RevisionRing(10, Long.MAX_VALUE);
    ring.add(rev(1, 1));
    ring.add(rev(2, 1));
    ring.add(rev(7, 1));
    assertThat(ring.range(1, 7)).isNull();
    assertThat(revisions(ring.range(7, 7))).containsExactly(7L);
  }
}
