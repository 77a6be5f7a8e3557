package dev.ketch.apiserver.registry.allocation;

import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.registry.strategy.GoFormat;
import dev.ketch.apiserver.registry.strategy.ServiceStrategy;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster IPs and node ports Services hold, as kube-apiserver's Service REST storage manages
 * them. Each write gets a {@link Transaction}: {@link #forCreate} and {@link #forUpdate} allocate
 * at once what the new Service needs and write the values into it (clusterIP/clusterIPs,
 * ipFamilies and ipFamilyPolicy, nodePorts, healthCheckNodePort); {@link #forDelete} and the
 * values an update gives up are only released on {@link Transaction#commit}. Call commit after
 * the store write succeeded, {@link Transaction#rollback} if it failed (or for a dry run), which
 * frees what the transaction allocated.
 *
 * <p>Call {@link #forCreate}/{@link #forUpdate} after validation, as upstream does. Thread-safe:
 * the allocators are; transactions belong to one request.
 */
public final class ServiceAllocations {

  private final ClusterIpAllocator ips;
  private final NodePortAllocator ports;
  private final ResourceType services;

  public ServiceAllocations(ClusterIpAllocator ips, NodePortAllocator ports) {
    this.ips = ips;
    this.ports = ports;
    this.services = ResourceCatalog.builtIn().byResource(GroupVersion.CORE_V1, "services").orElseThrow();
  }

  public ClusterIpAllocator clusterIps() {
    return ips;
  }

  public NodePortAllocator nodePorts() {
    return ports;
  }

  /** What one write allocated and will release. Commit and rollback are idempotent; one wins. */
  public interface Transaction {

    /** The write is stored: release what the Service gave up. */
    void commit();

    /** The write failed or was a dry run: free what this transaction allocated. */
    void rollback();
  }

  /** What a rebuild found: counts, and values held twice or outside the ranges. */
  public record RebuildReport(int clusterIps, int nodePorts, List<String> conflicts) {
    public RebuildReport {
      conflicts = List.copyOf(conflicts);
    }
  }

  /**
   * Forgets every allocation and marks what the given (stored) Services hold, at start-up. Values
   * outside the ranges or held twice are reported, not fatal.
   */
  public RebuildReport rebuild(Collection<Service> stored) {
    ips.clear();
    ports.clear();
    List<String> conflicts = new ArrayList<>();
    int ipCount = 0;
    int portCount = 0;
    for (Service svc : stored) {
      String who = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
      for (String ip : heldIps(svc)) {
        try {
          ips.allocate(ip);
          ipCount++;
        } catch (AllocationException e) {
          conflicts.add("service " + who + " clusterIP " + ip + ": " + e.getMessage());
        }
      }
      for (int port : heldPorts(svc)) {
        try {
          ports.allocate(port);
          portCount++;
        } catch (AllocationException e) {
          conflicts.add("service " + who + " nodePort " + port + ": " + e.getMessage());
        }
      }
    }
    return new RebuildReport(ipCount, portCount, conflicts);
  }

  /**
   * Allocates what a new Service needs and writes it into {@code svc}.
   *
   * @throws StatusException 422 for a requested value that is taken or out of range, 500 when a
   *     range is full; nothing stays allocated then
   */
  public Transaction forCreate(Service svc) {
    Tx tx = new Tx();
    try {
      allocateClusterIp(svc, null, tx);
      allocateNodePorts(svc, Set.of(), tx);
      allocateHealthCheckPort(svc, null, tx);
    } catch (RuntimeException e) {
      tx.rollback();
      throw e;
    }
    return tx;
  }

  /**
   * Allocates what an updated Service needs beyond what {@code old} holds, writes it into {@code
   * svc}, and schedules for release at commit what {@code old} held and {@code svc} no longer
   * does. Call after the strategy's prepareForUpdate, which carries allocated values over.
   */
  public Transaction forUpdate(Service svc, Service old) {
    Tx tx = new Tx();
    try {
      allocateClusterIp(svc, old, tx);
      allocateNodePorts(svc, heldPorts(old), tx);
      allocateHealthCheckPort(svc, old, tx);
    } catch (RuntimeException e) {
      tx.rollback();
      throw e;
    }
    Set<String> keptIps = heldIps(svc);
    for (String ip : heldIps(old)) {
      if (!keptIps.contains(ip)) {
        tx.releaseIps.add(ip);
      }
    }
    Set<Integer> keptPorts = heldPorts(svc);
    for (int port : heldPorts(old)) {
      if (!keptPorts.contains(port)) {
        tx.releasePorts.add(port);
      }
    }
    return tx;
  }

  /** Releases, at commit, everything the Service holds: call when it leaves the store. */
  public Transaction forDelete(Service svc) {
    Tx tx = new Tx();
    tx.releaseIps.addAll(heldIps(svc));
    tx.releasePorts.addAll(heldPorts(svc));
    return tx;
  }

  private void allocateClusterIp(Service svc, Service old, Tx tx) {
    var spec = svc.getSpec();
    if (!ServiceStrategy.needsClusterIp(svc)) {
      return;
    }
    if (spec.getIpFamilyPolicy() == null) {
      spec.setIpFamilyPolicy("SingleStack");
    }
    if (spec.getIpFamilies() == null || spec.getIpFamilies().isEmpty()) {
      spec.setIpFamilies(new ArrayList<>(List.of(ips.family())));
    }
    String requested = spec.getClusterIP();
    if ("None".equals(requested)) {
      if (spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()) {
        spec.setClusterIPs(new ArrayList<>(List.of("None")));
      }
      return;
    }
    if (old != null && ServiceStrategy.needsClusterIp(old) && requested != null && requested.equals(old.getSpec().getClusterIP())) {
      return;
    }
    if (requested == null || requested.isEmpty()) {
      try {
        String ip = ips.allocateNext();
        tx.allocatedIps.add(ip);
        spec.setClusterIP(ip);
        spec.setClusterIPs(new ArrayList<>(List.of(ip)));
      } catch (AllocationException e) {
        throw StatusException.internal("failed to allocate a serviceIP: " + e.getMessage());
      }
      return;
    }
    try {
      ips.allocate(requested);
      tx.allocatedIps.add(requested);
    } catch (AllocationException e) {
      List<String> shown = spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty() ? List.of(requested) : spec.getClusterIPs();
      throw invalid(svc, "spec.clusterIPs", GoFormat.stringList(shown).text(),
          "failed to allocate IP " + requested + ": " + e.getMessage());
    }
    if (spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()) {
      spec.setClusterIPs(new ArrayList<>(List.of(requested)));
    }
  }

  private void allocateNodePorts(Service svc, Set<Integer> alreadyHeld, Tx tx) {
    boolean allocateMissing = ServiceStrategy.needsNodePorts(svc);
    Map<Integer, Integer> byServicePort = new HashMap<>();
    Set<Integer> taken = new HashSet<>();
    List<ServicePort> list = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
    for (int i = 0; i < list.size(); i++) {
      ServicePort p = list.get(i);
      int nodePort = p.getNodePort() == null ? 0 : p.getNodePort();
      if (nodePort == 0 && !allocateMissing) {
        continue;
      }
      int servicePort = p.getPort() == null ? 0 : p.getPort();
      if (nodePort == 0) {
        Integer shared = byServicePort.get(servicePort);
        if (shared != null) {
          // The same service port over another protocol shares its node port, as upstream.
          p.setNodePort(shared);
          continue;
        }
        try {
          nodePort = ports.allocateNext();
        } catch (AllocationException e) {
          throw StatusException.internal("failed to allocate a nodePort: " + e.getMessage());
        }
        tx.allocatedPorts.add(nodePort);
        taken.add(nodePort);
        p.setNodePort(nodePort);
      } else if (!alreadyHeld.contains(nodePort) && taken.add(nodePort)) {
        try {
          ports.allocate(nodePort);
          tx.allocatedPorts.add(nodePort);
        } catch (AllocationException e) {
          throw invalid(svc, "spec.ports[" + i + "].nodePort", Integer.toString(nodePort), e.getMessage());
        }
      }
      byServicePort.putIfAbsent(servicePort, nodePort);
    }
  }

  private void allocateHealthCheckPort(Service svc, Service old, Tx tx) {
    if (!ServiceStrategy.needsHealthCheckNodePort(svc)) {
      return;
    }
    Integer requested = svc.getSpec().getHealthCheckNodePort();
    if (old != null && requested != null && requested != 0 && heldPorts(old).contains(requested)) {
      return;
    }
    if (requested == null || requested == 0) {
      try {
        int port = ports.allocateNext();
        tx.allocatedPorts.add(port);
        svc.getSpec().setHealthCheckNodePort(port);
      } catch (AllocationException e) {
        throw StatusException.internal("failed to allocate a HealthCheck NodePort: " + e.getMessage());
      }
      return;
    }
    try {
      ports.allocate(requested);
      tx.allocatedPorts.add(requested);
    } catch (AllocationException e) {
      throw invalid(svc, "spec.healthCheckNodePort", Integer.toString(requested),
          "failed to allocate requested HealthCheck NodePort " + requested + ": " + e.getMessage());
    }
  }

  private StatusException invalid(Service svc, String field, String value, String detail) {
    return StatusException.invalid(services, svc.getMetadata().getName(),
        List.of(new Cause("FieldValueInvalid", "Invalid value: " + value + ": " + detail, field)));
  }

  /** The cluster IPs a stored Service holds (not "None", not for ExternalName). */
  static Set<String> heldIps(Service svc) {
    Set<String> held = new LinkedHashSet<>();
    if (svc.getSpec() == null || !ServiceStrategy.needsClusterIp(svc)) {
      return held;
    }
    if (svc.getSpec().getClusterIPs() != null) {
      held.addAll(svc.getSpec().getClusterIPs());
    }
    if (svc.getSpec().getClusterIP() != null) {
      held.add(svc.getSpec().getClusterIP());
    }
    held.remove("None");
    held.remove("");
    return held;
  }

  /** The node ports (and health check port) a stored Service holds. */
  static Set<Integer> heldPorts(Service svc) {
    Set<Integer> held = new LinkedHashSet<>();
    if (svc.getSpec() == null) {
      return held;
    }
    if (svc.getSpec().getPorts() != null) {
      for (ServicePort p : svc.getSpec().getPorts()) {
        if (p.getNodePort() != null && p.getNodePort() != 0) {
          held.add(p.getNodePort());
        }
      }
    }
    Integer hc = svc.getSpec().getHealthCheckNodePort();
    if (hc != null && hc != 0) {
      held.add(hc);
    }
    return held;
  }

  private final class Tx implements Transaction {
    private final List<String> allocatedIps = new ArrayList<>();
    private final List<Integer> allocatedPorts = new ArrayList<>();
    private final List<String> releaseIps = new ArrayList<>();
    private final List<Integer> releasePorts = new ArrayList<>();
    private boolean done;

    @Override
    public synchronized void commit() {
      if (done) {
        return;
      }
      done = true;
      releaseIps.forEach(ips::release);
      releasePorts.forEach(ports::release);
    }

    @Override
    public synchronized void rollback() {
      if (done) {
        return;
      }
      done = true;
      allocatedIps.forEach(ips::release);
      allocatedPorts.forEach(ports::release);
    }
  }
}
