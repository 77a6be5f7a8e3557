package dev.ketch.controllers.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The canonical layout of an Endpoints object, as upstream's RepackSubsets: one subset per set of
 * addresses sharing the same ports, addresses and ports sorted, so that two computations of the
 * same endpoints compare equal. Also the 1,000-address cap of Endpoints objects.
 */
public final class EndpointSubsets {

  /** Upstream's maxCapacity of an Endpoints object. */
  public static final int MAX_CAPACITY = 1000;

  private static final Comparator<EndpointAddress> ADDRESS_ORDER = Comparator
      .comparing((EndpointAddress a) -> a.getIp() == null ? "" : a.getIp())
      .thenComparing(a -> a.getTargetRef() == null || a.getTargetRef().getUid() == null ? "" : a.getTargetRef().getUid());
  private static final Comparator<EndpointPort> PORT_ORDER = Comparator
      .comparing((EndpointPort p) -> p.getName() == null ? "" : p.getName())
      .thenComparing(p -> p.getPort() == null ? 0 : p.getPort())
      .thenComparing(p -> p.getProtocol() == null ? "" : p.getProtocol());

  private EndpointSubsets() {}

  /** One address published with one port (null for a headless Service without ports). */
  public record Entry(EndpointAddress address, EndpointPort port, boolean ready) {}

  /** The subsets of {@code entries}, repacked: an address ready on a port anywhere is ready on it. */
  public static List<EndpointSubset> repack(List<Entry> entries) {
    // port key -> (address key -> [address, ready])
    Map<String, EndpointPort> ports = new LinkedHashMap<>();
    Map<String, Map<String, Object[]>> byPort = new LinkedHashMap<>();
    for (Entry e : entries) {
      String portKey = e.port() == null ? "" : portKey(e.port());
      if (e.port() != null) {
        ports.putIfAbsent(portKey, e.port());
      }
      Map<String, Object[]> addrs = byPort.computeIfAbsent(portKey, k -> new LinkedHashMap<>());
      String addrKey = addressKey(e.address());
      Object[] existing = addrs.get(addrKey);
      if (existing == null) {
        addrs.put(addrKey, new Object[] {e.address(), e.ready()});
      } else if (e.ready()) {
        existing[1] = true;
      }
    }
    // address-set signature -> ports offered by exactly that set
    Map<String, List<EndpointPort>> portsBySet = new TreeMap<>();
    Map<String, Map<String, Object[]>> setBySignature = new LinkedHashMap<>();
    for (var e : byPort.entrySet()) {
      String signature = signature(e.getValue());
      setBySignature.put(signature, e.getValue());
      List<EndpointPort> list = portsBySet.computeIfAbsent(signature, k -> new ArrayList<>());
      if (!e.getKey().isEmpty()) {
        list.add(ports.get(e.getKey()));
      }
    }
    List<EndpointSubset> subsets = new ArrayList<>();
    for (var e : portsBySet.entrySet()) {
      List<EndpointAddress> ready = new ArrayList<>();
      List<EndpointAddress> notReady = new ArrayList<>();
      for (Object[] a : setBySignature.get(e.getKey()).values()) {
        ((Boolean) a[1] ? ready : notReady).add((EndpointAddress) a[0]);
      }
      ready.sort(ADDRESS_ORDER);
      notReady.sort(ADDRESS_ORDER);
      List<EndpointPort> subsetPorts = new ArrayList<>(e.getValue());
      subsetPorts.sort(PORT_ORDER);
      EndpointSubset s = new EndpointSubset();
      s.setAddresses(ready.isEmpty() ? null : ready);
      s.setNotReadyAddresses(notReady.isEmpty() ? null : notReady);
      s.setPorts(subsetPorts.isEmpty() ? null : subsetPorts);
      subsets.add(s);
    }
    return subsets;
  }

  private static String signature(Map<String, Object[]> addrs) {
    List<String> keys = new ArrayList<>();
    for (var e : addrs.entrySet()) {
      keys.add(e.getKey() + "=" + e.getValue()[1]);
    }
    keys.sort(null);
    return String.join(";", keys);
  }

  private static String portKey(EndpointPort p) {
    return p.getName() + "/" + p.getPort() + "/" + p.getProtocol() + "/" + p.getAppProtocol();
  }

  private static String addressKey(EndpointAddress a) {
    return a.getIp() + "/" + (a.getTargetRef() == null ? "" : a.getTargetRef().getUid());
  }

  /** Total ready and not-ready addresses. */
  public static int count(List<EndpointSubset> subsets) {
    int n = 0;
    for (EndpointSubset s : subsets) {
      n += size(s.getAddresses()) + size(s.getNotReadyAddresses());
    }
    return n;
  }

  /**
   * Cuts {@code subsets} to {@link #MAX_CAPACITY} addresses, ready ones first, each subset keeping
   * its share, as upstream's truncateEndpoints. Returns true if anything was cut.
   */
  public static boolean truncate(List<EndpointSubset> subsets) {
    int ready = 0;
    int notReady = 0;
    for (EndpointSubset s : subsets) {
      ready += size(s.getAddresses());
      notReady += size(s.getNotReadyAddresses());
    }
    if (ready + notReady <= MAX_CAPACITY) {
      return false;
    }
    boolean truncateReady = ready > MAX_CAPACITY;
    int max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - ready;
    int total = truncateReady ? ready : notReady;
    int canBeAdded = max;
    for (EndpointSubset s : subsets) {
      int inSubset = truncateReady ? size(s.getAddresses()) : size(s.getNotReadyAddresses());
      int toBeAdded = Math.min((int) Math.ceil((double) inSubset / total * max), canBeAdded);
      if (truncateReady) {
        s.setAddresses(head(s.getAddresses(), toBeAdded));
        s.setNotReadyAddresses(null);
        canBeAdded -= size(s.getAddresses());
      } else {
        s.setNotReadyAddresses(head(s.getNotReadyAddresses(), toBeAdded));
        canBeAdded -= size(s.getNotReadyAddresses());
      }
    }
    return true;
  }

  private static List<EndpointAddress> head(List<EndpointAddress> list, int n) {
    if (list == null || list.size() <= n) {
      return list;
    }
    return n == 0 ? null : new ArrayList<>(list.subList(0, n));
  }

  private static int size(List<?> l) {
    return l == null ? 0 : l.size();
  }

  /** Subset lists equal, treating null and empty lists alike. */
  public static boolean same(List<EndpointSubset> a, List<EndpointSubset> b) {
    List<EndpointSubset> x = a == null ? List.of() : a;
    List<EndpointSubset> y = b == null ? List.of() : b;
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!Objects.equals(nz(x.get(i).getAddresses()), nz(y.get(i).getAddresses()))
          || !Objects.equals(nz(x.get(i).getNotReadyAddresses()), nz(y.get(i).getNotReadyAddresses()))
          || !Objects.equals(nz(x.get(i).getPorts()), nz(y.get(i).getPorts()))) {
        return false;
      }
    }
    return true;
  }

  private static <T> List<T> nz(List<T> l) {
    return l == null ? List.of() : l;
  }
}
