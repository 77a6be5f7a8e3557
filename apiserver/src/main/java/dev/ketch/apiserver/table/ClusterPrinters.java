package dev.ketch.apiserver.table;

import static dev.ketch.apiserver.table.Cells.list;
import static dev.ketch.apiserver.table.Cells.map;
import static dev.ketch.apiserver.table.Cells.str;
import static dev.ketch.apiserver.table.WorkloadPrinters.created;
import static dev.ketch.apiserver.table.WorkloadPrinters.name;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Networking, storage, scheduling, coordination and RBAC resources as upstream prints them, and
 * upstream's default for resources without a printer: Name and Created At.
 */
final class ClusterPrinters {

  private ClusterPrinters() {}

  // ---- default: rest.NewDefaultTableConvertor

  static final List<Column> DEFAULT_COLUMNS = List.of(
      Columns.NAME, new Column("Created At", "date", "", Columns.doc("meta.v1.ObjectMeta.creationTimestamp"), 0));

  static final RowPrinter<HasMetadata> DEFAULT = (o, now) ->
      List.of(name(o.getMetadata()), Cells.createdAt(created(o.getMetadata())));

  // ---- coordination.k8s.io Lease, discovery.k8s.io EndpointSlice, scheduling.k8s.io PriorityClass

  static final List<Column> LEASE_COLUMNS = List.of(
      Columns.NAME, Columns.string("Holder", Columns.doc("coordination.v1.LeaseSpec.holderIdentity")), Columns.AGE);

  static final RowPrinter<Lease> LEASE = (lease, now) -> List.of(
      name(lease.getMetadata()),
      lease.getSpec() == null ? "" : str(lease.getSpec().getHolderIdentity()),
      Cells.age(created(lease.getMetadata()), now));

  static final List<Column> ENDPOINT_SLICE_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("AddressType", Columns.doc("discovery.v1beta1.EndpointSlice.addressType")),
      Columns.string("Ports", Columns.doc("discovery.v1beta1.EndpointSlice.ports")),
      Columns.string("Endpoints", Columns.doc("discovery.v1beta1.EndpointSlice.endpoints")),
      Columns.AGE);

  static final RowPrinter<EndpointSlice> ENDPOINT_SLICE = (slice, now) -> {
    List<String> ports = new ArrayList<>();
    for (EndpointPort p : list(slice.getPorts())) {
      ports.add(p.getPort() != null ? String.valueOf(p.getPort()) : p.getName() != null ? p.getName() : "*");
    }
    List<String> addresses = new ArrayList<>();
    for (Endpoint e : list(slice.getEndpoints())) {
      addresses.addAll(list(e.getAddresses()));
    }
    return List.of(
        name(slice.getMetadata()),
        str(slice.getAddressType()),
        firstThree(ports),
        firstThree(addresses),
        Cells.age(created(slice.getMetadata()), now));
  };

  /** Upstream's {@code listWithMoreString}: three entries, then {@code + N more...}; {@code <unset>} when none. */
  private static String firstThree(List<String> all) {
    if (all.isEmpty()) {
      return "<unset>";
    }
    String shown = String.join(",", all.subList(0, Math.min(3, all.size())));
    return all.size() > 3 ? shown + " + " + (all.size() - 3) + " more..." : shown;
  }

  static final List<Column> PRIORITY_CLASS_COLUMNS = List.of(
      Columns.NAME,
      Columns.integer("Value", Columns.doc("scheduling.v1.PriorityClass.value")),
      Columns.bool("Global-Default", Columns.doc("scheduling.v1.PriorityClass.globalDefault")),
      Columns.AGE,
      Columns.string("PreemptionPolicy", Columns.doc("scheduling.v1.PriorityClass.preemptionPolicy")));

  static final RowPrinter<PriorityClass> PRIORITY_CLASS = (pc, now) -> List.of(
      name(pc.getMetadata()),
      Cells.count(pc.getValue()),
      Boolean.TRUE.equals(pc.getGlobalDefault()),
      Cells.age(created(pc.getMetadata()), now),
      // The API server defaults the policy.
      pc.getPreemptionPolicy() == null ? "PreemptLowerPriority" : pc.getPreemptionPolicy());

  // ---- networking.k8s.io Ingress and NetworkPolicy

  static final List<Column> INGRESS_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Class", "The name of the IngressClass resource that should be used for additional configuration"),
      Columns.string("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
      Columns.string("Address", "Address is a list containing ingress points for the load-balancer"),
      Columns.string("Ports", "Ports of TLS configurations that open"),
      Columns.AGE);

  static final RowPrinter<Ingress> INGRESS = (ing, now) -> {
    var spec = ing.getSpec();
    Set<String> addresses = new TreeSet<>();
    if (ing.getStatus() != null && ing.getStatus().getLoadBalancer() != null) {
      for (IngressLoadBalancerIngress i : list(ing.getStatus().getLoadBalancer().getIngress())) {
        if (!str(i.getIp()).isEmpty()) {
          addresses.add(i.getIp());
        } else if (!str(i.getHostname()).isEmpty()) {
          addresses.add(i.getHostname());
        }
      }
    }
    return List.of(
        name(ing.getMetadata()),
        spec == null || spec.getIngressClassName() == null ? "<none>" : spec.getIngressClassName(),
        hosts(spec == null ? List.of() : list(spec.getRules())),
        String.join(",", addresses),
        spec != null && !list(spec.getTls()).isEmpty() ? "80, 443" : "80",
        Cells.age(created(ing.getMetadata()), now));
  };

  /** Upstream's {@code formatHosts}: three hosts, then {@code + N more...} counting every rule; {@code *} for none. */
  private static String hosts(List<IngressRule> rules) {
    List<String> shown = new ArrayList<>();
    boolean more = false;
    for (IngressRule rule : rules) {
      if (shown.size() == 3) {
        more = true;
      }
      if (!more && !str(rule.getHost()).isEmpty()) {
        shown.add(rule.getHost());
      }
    }
    if (shown.isEmpty()) {
      return "*";
    }
    String joined = String.join(",", shown);
    return more ? joined + " + " + (rules.size() - 3) + " more..." : joined;
  }

  static final List<Column> NETWORK_POLICY_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Pod-Selector", Columns.doc("extensions.v1beta1.NetworkPolicySpec.podSelector")),
      Columns.AGE);

  static final RowPrinter<NetworkPolicy> NETWORK_POLICY = (np, now) -> {
    var selector = np.getSpec() == null || np.getSpec().getPodSelector() == null
        // podSelector is not a pointer upstream: absent is the empty selector.
        ? new io.fabric8.kubernetes.api.model.LabelSelector()
        : np.getSpec().getPodSelector();
    return List.of(name(np.getMetadata()), Cells.labelSelector(selector), Cells.age(created(np.getMetadata()), now));
  };

  // ---- storage.k8s.io StorageClass

  static final List<Column> STORAGE_CLASS_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Provisioner", Columns.doc("storage.v1.StorageClass.provisioner")),
      Columns.string("ReclaimPolicy", Columns.doc("storage.v1.StorageClass.reclaimPolicy")),
      Columns.string("VolumeBindingMode", Columns.doc("storage.v1.StorageClass.volumeBindingMode")),
      Columns.string("AllowVolumeExpansion", Columns.doc("storage.v1.StorageClass.allowVolumeExpansion")),
      Columns.AGE);

  static final RowPrinter<StorageClass> STORAGE_CLASS = (sc, now) -> {
    Map<String, String> annotations = map(sc.getMetadata() == null ? null : sc.getMetadata().getAnnotations());
    boolean isDefault = "true".equals(annotations.get("storageclass.kubernetes.io/is-default-class"))
        || "true".equals(annotations.get("storageclass.beta.kubernetes.io/is-default-class"));
    return List.of(
        name(sc.getMetadata()) + (isDefault ? " (default)" : ""),
        str(sc.getProvisioner()),
        sc.getReclaimPolicy() == null ? "Delete" : sc.getReclaimPolicy(),
        sc.getVolumeBindingMode() == null ? "Immediate" : sc.getVolumeBindingMode(),
        Boolean.TRUE.equals(sc.getAllowVolumeExpansion()),
        Cells.age(created(sc.getMetadata()), now));
  };

  // ---- rbac.authorization.k8s.io RoleBinding and ClusterRoleBinding

  static final List<Column> ROLE_BINDING_COLUMNS = bindingColumns("rbac.v1beta1.RoleBinding.roleRef", "roleBinding");
  static final List<Column> CLUSTER_ROLE_BINDING_COLUMNS =
      bindingColumns("rbac.v1beta1.ClusterRoleBinding.roleRef", "clusterRoleBinding");

  private static List<Column> bindingColumns(String roleRefDoc, String what) {
    return List.of(
        Columns.NAME,
        Columns.string("Role", Columns.doc(roleRefDoc)),
        Columns.AGE,
        Columns.wide("Users", "Users in the " + what),
        Columns.wide("Groups", "Groups in the " + what),
        Columns.wide("ServiceAccounts", "ServiceAccounts in the " + what));
  }

  static final RowPrinter<RoleBinding> ROLE_BINDING =
      (rb, now) -> binding(name(rb.getMetadata()), rb.getRoleRef(), rb.getSubjects(), Cells.age(created(rb.getMetadata()), now));

  static final RowPrinter<ClusterRoleBinding> CLUSTER_ROLE_BINDING =
      (rb, now) -> binding(name(rb.getMetadata()), rb.getRoleRef(), rb.getSubjects(), Cells.age(created(rb.getMetadata()), now));

  private static List<Object> binding(String name, RoleRef ref, List<Subject> subjects, String age) {
    List<String> users = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    List<String> serviceAccounts = new ArrayList<>();
    for (Subject s : list(subjects)) {
      switch (str(s.getKind())) {
        case "ServiceAccount" -> serviceAccounts.add(str(s.getNamespace()) + "/" + str(s.getName()));
        case "User" -> users.add(str(s.getName()));
        case "Group" -> groups.add(str(s.getName()));
        default -> { }
      }
    }
    String role = ref == null ? "/" : str(ref.getKind()) + "/" + str(ref.getName());
    return List.of(name, role, age, String.join(", ", users), String.join(", ", groups), String.join(", ", serviceAccounts));
  }
}
