package dev.ketch.store.embedded;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A backend in the heap, for tests and in-process clusters: nothing survives {@link #close}. */
final class MemoryBackend implements Backend {

  private final Map<Space, ConcurrentSkipListMap<byte[], byte[]>> spaces = new EnumMap<>(Space.class);
  private final AtomicLong liveBytes = new AtomicLong();
  // Batches are applied one at a time so that a scan never sees half of one.
  private final Object writeLock = new Object();

  MemoryBackend() {
    for (Space space : Space.values()) {
      spaces.put(space, new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
    }
  }

  @Override
  public void write(List<Write> batch, boolean sync) {
    synchronized (writeLock) {
      for (Write w : batch) {
        ConcurrentSkipListMap<byte[], byte[]> map = spaces.get(w.space());
        byte[] old = w.value() == null ? map.remove(w.key()) : map.put(w.key(), w.value());
        if (old != null) {
          liveBytes.addAndGet(-(w.key().length + old.length));
        }
        if (w.value() != null) {
          liveBytes.addAndGet(w.key().length + w.value().length);
        }
      }
    }
  }

  @Override
  public byte[] get(Space space, byte[] key) {
    return spaces.get(space).get(key);
  }

  @Override
  public void scan(Space space, byte[] from, byte[] to, Visitor visitor) {
    ConcurrentSkipListMap<byte[], byte[]> map = spaces.get(space);
    NavigableMap<byte[], byte[]> view = to == null ? map.tailMap(from, true) : map.subMap(from, true, to, false);
    for (Map.Entry<byte[], byte[]> e : view.entrySet()) {
      if (!visitor.visit(e.getKey(), e.getValue())) {
        return;
      }
    }
  }

  @Override
  public byte[] lastKey(Space space) {
    Map.Entry<byte[], byte[]> last = spaces.get(space).lastEntry();
    return last == null ? null : last.getKey();
  }

  @Override
  public long sizeOnDisk() {
    return 0;
  }

  @Override
  public long liveDataSize() {
    return liveBytes.get();
  }

  @Override
  public void reclaim() {}

  @Override
  public void close() {
    spaces.values().forEach(Map::clear);
  }
}
