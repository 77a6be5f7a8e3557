package dev.ketch.apiserver.registry.allocation;

import java.security.SecureRandom;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Node ports from a port range (30000–32767 by default), as Kubernetes' portallocator: requested
 * ports are honoured when free and in range, random ones prefer the upper part of the range.
 * Thread-safe.
 */
public final class NodePortAllocator {

  public static final int DEFAULT_FIRST = 30000;
  public static final int DEFAULT_LAST = 32767;

  private final int first;
  private final int last;
  private final OffsetBitmap bitmap;

  /**
   * @param first the lowest port of the range
   * @param last the highest port of the range
   * @param random where random picks come from (seed it in tests)
   */
  public NodePortAllocator(int first, int last, RandomGenerator random) {
    if (first < 1 || last > 65535 || last < first) {
      throw new IllegalArgumentException("bad port range " + first + "-" + last);
    }
    this.first = first;
    this.last = last;
    int size = last - first + 1;
    this.bitmap = new OffsetBitmap(size, Math.min(Math.max(16, size / 32), 128), Set.of(), random);
  }

  public static NodePortAllocator defaultRange() {
    return new NodePortAllocator(DEFAULT_FIRST, DEFAULT_LAST, new SecureRandom());
  }

  /** The range as Kubernetes prints it, {@code 30000-32767}. */
  public String range() {
    return first + "-" + last;
  }

  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  /**
   * Allocates a requested port.
   *
   * @throws AllocationException NOT_IN_RANGE or ALREADY_ALLOCATED, worded as Kubernetes
   */
  public void allocate(int port) throws AllocationException {
    if (!contains(port)) {
      throw new AllocationException(AllocationException.Kind.NOT_IN_RANGE,
          "provided port is not in the valid range. The range of valid ports is " + range());
    }
    if (!bitmap.allocate(port - first)) {
      throw new AllocationException(AllocationException.Kind.ALREADY_ALLOCATED, "provided port is already allocated");
    }
  }

  /**
   * Allocates a free port at random.
   *
   * @throws AllocationException FULL when none is free
   */
  public int allocateNext() throws AllocationException {
    var offset = bitmap.allocateNext();
    if (offset.isEmpty()) {
      throw new AllocationException(AllocationException.Kind.FULL, "range is full");
    }
    return first + offset.getAsInt();
  }

  /** Frees a port; false if it was not allocated or is not in range. */
  public boolean release(int port) {
    return contains(port) && bitmap.release(port - first);
  }

  public boolean isAllocated(int port) {
    return contains(port) && bitmap.has(port - first);
  }

  public int used() {
    return bitmap.used();
  }

  public int size() {
    return bitmap.size();
  }

  /** Frees everything (before a rebuild). */
  public void clear() {
    bitmap.clear();
  }
}
