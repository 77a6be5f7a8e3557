package dev.ketch.apiserver.table;

import static dev.ketch.apiserver.table.Cells.list;
import static dev.ketch.apiserver.table.Cells.map;
import static dev.ketch.apiserver.table.Cells.str;
import static dev.ketch.apiserver.table.WorkloadPrinters.created;
import static dev.ketch.apiserver.table.WorkloadPrinters.name;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Core v1 resources other than pods and events, as upstream prints them. Fields the API server
 * always defaults (a Service's type and port protocol, a Secret's type, volume modes and phases)
 * read as their defaults when absent.
 */
final class CorePrinters {

  private CorePrinters() {}

  // ---- Service

  static final List<Column> SERVICE_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Type", Columns.doc("core.v1.ServiceSpec.type")),
      Columns.string("Cluster-IP", Columns.doc("core.v1.ServiceSpec.clusterIP")),
      Columns.string("External-IP", Columns.doc("core.v1.ServiceSpec.externalIPs")),
      Columns.string("Port(s)", Columns.doc("core.v1.ServiceSpec.ports")),
      Columns.AGE,
      Columns.wide("Selector", Columns.doc("core.v1.ServiceSpec.selector")));

  static final RowPrinter<Service> SERVICE = (svc, now) -> {
    var spec = svc.getSpec() == null ? new io.fabric8.kubernetes.api.model.ServiceSpec() : svc.getSpec();
    String type = str(spec.getType()).isEmpty() ? "ClusterIP" : spec.getType();
    String clusterIP = !list(spec.getClusterIPs()).isEmpty() ? spec.getClusterIPs().getFirst() : spec.getClusterIP();
    List<String> ports = new ArrayList<>();
    for (ServicePort p : list(spec.getPorts())) {
      String protocol = str(p.getProtocol()).isEmpty() ? "TCP" : p.getProtocol();
      long nodePort = Cells.count(p.getNodePort());
      ports.add(nodePort > 0 ? Cells.count(p.getPort()) + ":" + nodePort + "/" + protocol : Cells.count(p.getPort()) + "/" + protocol);
    }
    return List.of(
        name(svc.getMetadata()),
        type,
        Cells.orNone(clusterIP),
        externalIP(svc, type),
        ports.isEmpty() ? "<none>" : String.join(",", ports),
        Cells.age(created(svc.getMetadata()), now),
        Cells.labels(spec.getSelector()));
  };

  /** Upstream's {@code getServiceExternalIP}, wide (never clipped): the server always prints wide. */
  private static String externalIP(Service svc, String type) {
    List<String> externalIPs = list(svc.getSpec() == null ? null : svc.getSpec().getExternalIPs());
    switch (type) {
      case "ClusterIP", "NodePort" -> {
        return externalIPs.isEmpty() ? "<none>" : String.join(",", externalIPs);
      }
      case "LoadBalancer" -> {
        Set<String> ingress = new TreeSet<>();
        if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null) {
          for (LoadBalancerIngress i : list(svc.getStatus().getLoadBalancer().getIngress())) {
            if (!str(i.getIp()).isEmpty()) {
              ingress.add(i.getIp());
            } else if (!str(i.getHostname()).isEmpty()) {
              ingress.add(i.getHostname());
            }
          }
        }
        if (!externalIPs.isEmpty()) {
          List<String> all = new ArrayList<>(ingress);
          all.addAll(externalIPs);
          return String.join(",", all);
        }
        return ingress.isEmpty() ? "<pending>" : String.join(",", ingress);
      }
      case "ExternalName" -> {
        return str(svc.getSpec().getExternalName());
      }
      default -> {
        return "<unknown>";
      }
    }
  }

  // ---- Endpoints

  static final List<Column> ENDPOINTS_COLUMNS = List.of(
      Columns.NAME, Columns.string("Endpoints", Columns.doc("core.v1.Endpoints.subsets")), Columns.AGE);

  static final RowPrinter<Endpoints> ENDPOINTS = (ep, now) ->
      List.of(name(ep.getMetadata()), formatEndpoints(list(ep.getSubsets())), Cells.age(created(ep.getMetadata()), now));

  /** At most three {@code ip:port} pairs, then {@code + N more...}; {@code <none>} without subsets. */
  private static String formatEndpoints(List<EndpointSubset> subsets) {
    if (subsets.isEmpty()) {
      return "<none>";
    }
    final int max = 3;
    List<String> shown = new ArrayList<>();
    boolean more = false;
    int total = 0;
    for (EndpointSubset ss : subsets) {
      List<EndpointAddress> addresses = list(ss.getAddresses());
      if (list(ss.getPorts()).isEmpty()) {
        // Headless services may have no ports.
        total += addresses.size();
        for (EndpointAddress a : addresses) {
          if (shown.size() == max) {
            more = true;
            break;
          }
          shown.add(str(a.getIp()));
        }
        continue;
      }
      for (EndpointPort port : ss.getPorts()) {
        total += addresses.size();
        for (EndpointAddress a : addresses) {
          if (shown.size() == max) {
            more = true;
            break;
          }
          String ip = str(a.getIp());
          shown.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + Cells.count(port.getPort()));
        }
      }
    }
    String joined = String.join(",", shown);
    return more ? joined + " + " + (total - max) + " more..." : joined;
  }

  // ---- Node

  static final List<Column> NODE_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Status", "The status of the node"),
      Columns.string("Roles", "The roles of the node"),
      Columns.AGE,
      Columns.string("Version", Columns.doc("core.v1.NodeSystemInfo.kubeletVersion")),
      Columns.wide("Internal-IP", Columns.doc("core.v1.NodeStatus.addresses")),
      Columns.wide("External-IP", Columns.doc("core.v1.NodeStatus.addresses")),
      Columns.wide("OS-Image", Columns.doc("core.v1.NodeSystemInfo.osImage")),
      Columns.wide("Kernel-Version", Columns.doc("core.v1.NodeSystemInfo.kernelVersion")),
      Columns.wide("Container-Runtime", Columns.doc("core.v1.NodeSystemInfo.containerRuntimeVersion")));

  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final String ROLE_LABEL = "kubernetes.io/role";

  static final RowPrinter<Node> NODE = (node, now) -> {
    var status = node.getStatus();
    NodeCondition ready = null;
    for (NodeCondition c : status == null ? List.<NodeCondition>of() : list(status.getConditions())) {
      if ("Ready".equals(c.getType())) {
        // The last condition of a type wins, as in upstream's map by type.
        ready = c;
      }
    }
    List<String> state = new ArrayList<>();
    state.add(ready == null ? "Unknown" : "True".equals(ready.getStatus()) ? "Ready" : "NotReady");
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      state.add("SchedulingDisabled");
    }
    Set<String> roles = new TreeSet<>();
    map(node.getMetadata() == null ? null : node.getMetadata().getLabels()).forEach((k, v) -> {
      if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
        roles.add(k.substring(ROLE_PREFIX.length()));
      } else if (k.equals(ROLE_LABEL) && !str(v).isEmpty()) {
        roles.add(v);
      }
    });
    var info = status == null ? null : status.getNodeInfo();
    List<NodeAddress> addresses = status == null ? List.of() : list(status.getAddresses());
    return List.of(
        name(node.getMetadata()),
        String.join(",", state),
        roles.isEmpty() ? "<none>" : String.join(",", roles),
        Cells.age(created(node.getMetadata()), now),
        info == null ? "" : str(info.getKubeletVersion()),
        address(addresses, "InternalIP"),
        address(addresses, "ExternalIP"),
        unknownIfEmpty(info == null ? null : info.getOsImage()),
        unknownIfEmpty(info == null ? null : info.getKernelVersion()),
        unknownIfEmpty(info == null ? null : info.getContainerRuntimeVersion()));
  };

  private static String address(List<NodeAddress> addresses, String type) {
    for (NodeAddress a : addresses) {
      if (type.equals(a.getType())) {
        return str(a.getAddress());
      }
    }
    return "<none>";
  }

  private static String unknownIfEmpty(String s) {
    return s == null || s.isEmpty() ? "<unknown>" : s;
  }

  // ---- Namespace, ConfigMap, Secret, ServiceAccount

  static final List<Column> NAMESPACE_COLUMNS =
      List.of(Columns.NAME, Columns.string("Status", "The status of the namespace"), Columns.AGE);

  static final RowPrinter<Namespace> NAMESPACE = (ns, now) -> {
    String phase = ns.getStatus() == null ? "" : str(ns.getStatus().getPhase());
    return List.of(name(ns.getMetadata()), phase.isEmpty() ? "Active" : phase, Cells.age(created(ns.getMetadata()), now));
  };

  static final List<Column> CONFIG_MAP_COLUMNS =
      List.of(Columns.NAME, Columns.string("Data", Columns.doc("core.v1.ConfigMap.data")), Columns.AGE);

  static final RowPrinter<ConfigMap> CONFIG_MAP = (cm, now) -> List.of(
      name(cm.getMetadata()),
      (long) (map(cm.getData()).size() + map(cm.getBinaryData()).size()),
      Cells.age(created(cm.getMetadata()), now));

  static final List<Column> SECRET_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Type", Columns.doc("core.v1.Secret.type")),
      Columns.string("Data", Columns.doc("core.v1.Secret.data")),
      Columns.AGE);

  static final RowPrinter<Secret> SECRET = (secret, now) -> {
    // stringData is merged into data when a secret is written.
    Set<String> keys = new HashSet<>(map(secret.getData()).keySet());
    keys.addAll(map(secret.getStringData()).keySet());
    return List.of(
        name(secret.getMetadata()),
        str(secret.getType()).isEmpty() ? "Opaque" : secret.getType(),
        (long) keys.size(),
        Cells.age(created(secret.getMetadata()), now));
  };

  static final List<Column> SERVICE_ACCOUNT_COLUMNS =
      List.of(Columns.NAME, Columns.string("Secrets", Columns.doc("core.v1.ServiceAccount.secrets")), Columns.AGE);

  static final RowPrinter<ServiceAccount> SERVICE_ACCOUNT = (sa, now) ->
      List.of(name(sa.getMetadata()), (long) list(sa.getSecrets()).size(), Cells.age(created(sa.getMetadata()), now));

  // ---- PersistentVolume, PersistentVolumeClaim, ResourceQuota

  static final List<Column> PERSISTENT_VOLUME_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Capacity", Columns.doc("core.v1.PersistentVolumeSpec.capacity")),
      Columns.string("Access Modes", Columns.doc("core.v1.PersistentVolumeSpec.accessModes")),
      Columns.string("Reclaim Policy", Columns.doc("core.v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy")),
      Columns.string("Status", Columns.doc("core.v1.PersistentVolumeStatus.phase")),
      Columns.string("Claim", Columns.doc("core.v1.PersistentVolumeSpec.claimRef")),
      Columns.string("StorageClass", "StorageClass of the pv"),
      Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
      Columns.string("Reason", Columns.doc("core.v1.PersistentVolumeStatus.reason")),
      Columns.AGE,
      Columns.wide("VolumeMode", Columns.doc("core.v1.PersistentVolumeSpec.volumeMode")));

  private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

  static final RowPrinter<PersistentVolume> PERSISTENT_VOLUME = (pv, now) -> {
    var spec = pv.getSpec() == null ? new io.fabric8.kubernetes.api.model.PersistentVolumeSpec() : pv.getSpec();
    String claim = spec.getClaimRef() == null ? "" : str(spec.getClaimRef().getNamespace()) + "/" + str(spec.getClaimRef().getName());
    String phase = pv.getStatus() == null || str(pv.getStatus().getPhase()).isEmpty() ? "Pending" : pv.getStatus().getPhase();
    if (pv.getMetadata() != null && pv.getMetadata().getDeletionTimestamp() != null) {
      phase = "Terminating";
    }
    String storageClass = map(pv.getMetadata() == null ? null : pv.getMetadata().getAnnotations())
        .getOrDefault(BETA_STORAGE_CLASS, str(spec.getStorageClassName()));
    return List.of(
        name(pv.getMetadata()),
        Cells.quantity(map(spec.getCapacity()).get("storage")),
        Cells.accessModes(spec.getAccessModes()),
        str(spec.getPersistentVolumeReclaimPolicy()).isEmpty() ? "Retain" : spec.getPersistentVolumeReclaimPolicy(),
        phase,
        claim,
        storageClass,
        spec.getVolumeAttributesClassName() == null ? "<unset>" : spec.getVolumeAttributesClassName(),
        pv.getStatus() == null ? "" : str(pv.getStatus().getReason()),
        Cells.age(created(pv.getMetadata()), now),
        spec.getVolumeMode() == null ? "Filesystem" : spec.getVolumeMode());
  };

  static final List<Column> PERSISTENT_VOLUME_CLAIM_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Status", Columns.doc("core.v1.PersistentVolumeClaimStatus.phase")),
      Columns.string("Volume", Columns.doc("core.v1.PersistentVolumeClaimSpec.volumeName")),
      Columns.string("Capacity", Columns.doc("core.v1.PersistentVolumeClaimStatus.capacity")),
      Columns.string("Access Modes", Columns.doc("core.v1.PersistentVolumeClaimStatus.accessModes")),
      Columns.string("StorageClass", "StorageClass of the pvc"),
      Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
      Columns.AGE,
      Columns.wide("VolumeMode", Columns.doc("core.v1.PersistentVolumeClaimSpec.volumeMode")));

  static final RowPrinter<PersistentVolumeClaim> PERSISTENT_VOLUME_CLAIM = (pvc, now) -> {
    var spec = pvc.getSpec() == null ? new io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec() : pvc.getSpec();
    var status = pvc.getStatus();
    String phase = status == null || str(status.getPhase()).isEmpty() ? "Pending" : status.getPhase();
    if (pvc.getMetadata() != null && pvc.getMetadata().getDeletionTimestamp() != null) {
      phase = "Terminating";
    }
    String capacity = "";
    String accessModes = "";
    if (!str(spec.getVolumeName()).isEmpty()) {
      accessModes = Cells.accessModes(status == null ? null : status.getAccessModes());
      capacity = Cells.quantity(status == null ? null : map(status.getCapacity()).get("storage"));
    }
    String storageClass = map(pvc.getMetadata() == null ? null : pvc.getMetadata().getAnnotations())
        .getOrDefault(BETA_STORAGE_CLASS, str(spec.getStorageClassName()));
    return List.of(
        name(pvc.getMetadata()),
        phase,
        str(spec.getVolumeName()),
        capacity,
        accessModes,
        storageClass,
        spec.getVolumeAttributesClassName() == null ? "<unset>" : spec.getVolumeAttributesClassName(),
        Cells.age(created(pvc.getMetadata()), now),
        spec.getVolumeMode() == null ? "Filesystem" : spec.getVolumeMode());
  };

  static final List<Column> RESOURCE_QUOTA_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
      Columns.string("Limit",
          "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
      Columns.AGE);

  static final RowPrinter<ResourceQuota> RESOURCE_QUOTA = (quota, now) -> {
    Map<String, Quantity> hard = quota.getStatus() == null ? Map.of() : map(quota.getStatus().getHard());
    Map<String, Quantity> used = quota.getStatus() == null ? Map.of() : map(quota.getStatus().getUsed());
    List<String> requests = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    for (String resource : new TreeSet<>(hard.keySet())) {
      String entry = resource + ": " + Cells.quantity(used.get(resource)) + "/" + Cells.quantity(hard.get(resource));
      String[] pieces = resource.split("\\.", -1);
      (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(entry);
    }
    return List.of(name(quota.getMetadata()), String.join(", ", requests), String.join(", ", limits),
        Cells.age(created(quota.getMetadata()), now));
  };
}
