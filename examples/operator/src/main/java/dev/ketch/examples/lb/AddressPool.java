package dev.ketch.examples.lb;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** A range of IPv4 addresses handed out to Services, one each. Thread-safe. */
public final class AddressPool {

  private final TreeSet<Integer> free = new TreeSet<>();
  private final Map<String, Integer> owners = new HashMap<>();
  private final String prefix;

  /** The addresses {@code prefix.first} to {@code prefix.last}, e.g. {@code 192.0.2}, 10, 19. */
  public AddressPool(String prefix, int first, int last) {
    if (first < 1 || last > 254 || first > last) {
      throw new IllegalArgumentException("pool range must be within 1..254, got " + first + ".." + last);
    }
    this.prefix = prefix;
    for (int i = first; i <= last; i++) {
      free.add(i);
    }
  }

  /** The address of {@code owner}, allocating the lowest free one; empty when the pool is used up. */
  public synchronized Optional<String> allocate(String owner) {
    Integer held = owners.get(owner);
    if (held != null) {
      return Optional.of(prefix + "." + held);
    }
    Integer next = free.pollFirst();
    if (next == null) {
      return Optional.empty();
    }
    owners.put(owner, next);
    return Optional.of(prefix + "." + next);
  }

  /** Records that {@code owner} already holds {@code address} (found in its status at start). */
  public synchronized boolean claim(String owner, String address) {
    if (!address.startsWith(prefix + ".")) {
      return false;
    }
    int host = Integer.parseInt(address.substring(prefix.length() + 1));
    if (!free.remove(host)) {
      return Integer.valueOf(host).equals(owners.get(owner));
    }
    owners.put(owner, host);
    return true;
  }

  /** Gives {@code owner}'s address back to the pool, if it held one. */
  public synchronized void release(String owner) {
    Integer held = owners.remove(owner);
    if (held != null) {
      free.add(held);
    }
  }

  public synchronized int freeCount() {
    return free.size();
  }
}
