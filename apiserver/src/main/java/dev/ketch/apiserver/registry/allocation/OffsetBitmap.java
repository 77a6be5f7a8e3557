package dev.ketch.apiserver.registry.allocation;

import java.util.BitSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Which offsets of a range [0, size) are in use, as Kubernetes' bitmap allocator with a static
 * sub-range: random allocations prefer the upper part of the range, leaving the lower band to
 * explicitly requested values, and only fall back to the lower band when the upper one is full.
 * Reserved offsets are never handed out at random. Thread-safe (every method synchronises on the
 * bitmap).
 */
final class OffsetBitmap {

  private final int size;
  private final int lowBand;
  private final Set<Integer> reserved;
  private final RandomGenerator random;
  private final BitSet used;

  OffsetBitmap(int size, int lowBand, Set<Integer> reserved, RandomGenerator random) {
    if (size <= 0) {
      throw new IllegalArgumentException("empty range");
    }
    this.size = size;
    this.lowBand = Math.min(lowBand, size);
    this.reserved = Set.copyOf(reserved);
    this.random = random;
    this.used = new BitSet(size);
  }

  int size() {
    return size;
  }

  /** Marks the offset used; false if it already was. */
  synchronized boolean allocate(int offset) {
    check(offset);
    if (used.get(offset)) {
      return false;
    }
    used.set(offset);
    return true;
  }

  /** A free offset, chosen at random, now marked used; empty if none is free. */
  synchronized OptionalInt allocateNext() {
    OptionalInt upper = scan(lowBand, size);
    return upper.isPresent() ? upper : scan(0, lowBand);
  }

  private OptionalInt scan(int from, int to) {
    int width = to - from;
    if (width <= 0) {
      return OptionalInt.empty();
    }
    int start = random.nextInt(width);
    for (int i = 0; i < width; i++) {
      int offset = from + (start + i) % width;
      if (!used.get(offset) && !reserved.contains(offset)) {
        used.set(offset);
        return OptionalInt.of(offset);
      }
    }
    return OptionalInt.empty();
  }

  /** Marks the offset free; false if it was not in use. */
  synchronized boolean release(int offset) {
    check(offset);
    boolean was = used.get(offset);
    used.clear(offset);
    return was;
  }

  synchronized boolean has(int offset) {
    return offset >= 0 && offset < size && used.get(offset);
  }

  synchronized int used() {
    return used.cardinality();
  }

  synchronized void clear() {
    used.clear();
  }

  private void check(int offset) {
    if (offset < 0 || offset >= size) {
      throw new IllegalArgumentException("offset " + offset + " outside [0, " + size + ")");
    }
  }
}
