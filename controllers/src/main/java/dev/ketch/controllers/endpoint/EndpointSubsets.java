package dev.ketch.controllers.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    // Port (null for none) -> address -> ready; then ports grouped by equal address maps.
    Map<PortKey, Map<AddressKey, Boolean>> byPort = new LinkedHashMap<>();
    Map<AddressKey, EndpointAddress> addresses = new HashMap<>();
    Map<PortKey, EndpointPort> ports = new HashMap<>();
    for (Entry e : entries) {
      PortKey pk = e.port() == null ? PortKey.NONE : PortKey.of(e.port());
      if (e.port() != null) {
        ports.putIfAbsent(pk, e.port());
      }
      AddressKey ak = AddressKey.of(e.address());
      addresses.putIfAbsent(ak, e.address());
      byPort.computeIfAbsent(pk, k -> new HashMap<>()).merge(ak, e.ready(), Boolean::logicalOr);
    }
    Map<Map<AddressKey, Boolean>, List<EndpointPort>> portsBySet = new LinkedHashMap<>();
    for (var e : byPort.entrySet()) {
      List<EndpointPort> list = portsBySet.computeIfAbsent(e.getValue(), k -> new ArrayList<>());
      if (e.getKey() != PortKey.NONE) {
        list.add(ports.get(e.getKey()));
      }
    }
    List<EndpointSubset> subsets = new ArrayList<>();
    for (var e : portsBySet.entrySet()) {
      List<EndpointAddress> ready = new ArrayList<>();
      List<EndpointAddress> notReady = new ArrayList<>();
      e.getKey().forEach((ak, isReady) -> (isReady ? ready : notReady).add(addresses.get(ak)));
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
    // A stable order: by first address, then first port.
    subsets.sort(Comparator.comparing((EndpointSubset s) -> firstIp(s)).thenComparing(s -> s.getPorts() == null ? "" : portString(s.getPorts().getFirst())));
    return subsets;
  }

  private record PortKey(String name, int port, String protocol, String appProtocol) {
    static final PortKey NONE = new PortKey(null, -1, null, null);

    static PortKey of(EndpointPort p) {
      return new PortKey(p.getName(), p.getPort() == null ? 0 : p.getPort(), p.getProtocol(), p.getAppProtocol());
    }
  }

  private record AddressKey(String ip, String uid) {
    static AddressKey of(EndpointAddress a) {
      return new AddressKey(a.getIp(), a.getTargetRef() == null ? null : a.getTargetRef().getUid());
    }
  }

  private static String firstIp(EndpointSubset s) {
    if (s.getAddresses() != null && !s.getAddresses().isEmpty()) {
      return s.getAddresses().getFirst().getIp();
    }
    return s.getNotReadyAddresses() == null || s.getNotReadyAddresses().isEmpty() ? "" : s.getNotReadyAddresses().getFirst().getIp();
  }

  private static String portString(EndpointPort p) {
    return p.getName() + "/" + p.getPort() + "/" + p.getProtocol();
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
