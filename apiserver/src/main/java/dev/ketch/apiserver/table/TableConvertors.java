package dev.ketch.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Table convertor of each resource: upstream's printer where kube-apiserver has one, and its
 * default (Name, Created At) for the rest, roles and limit ranges among them, as upstream. Ages are
 * measured against the clock given here. Thread-safe; convertors are made once per resource.
 */
public final class TableConvertors {

  private final InstantSource clock;
  private final Map<ResourceType, TableConvertor> cache = new ConcurrentHashMap<>();

  /** @param clock the source of "now" for every age and duration cell */
  public TableConvertors(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The convertor of a served resource. */
  public TableConvertor forResource(ResourceType type) {
    return cache.computeIfAbsent(type, this::build);
  }

  private TableConvertor build(ResourceType type) {
    return switch (type.group() + "/" + type.plural()) {
      case "/pods" -> printing(type, Pod.class, PodPrinter.COLUMNS, new PodPrinter());
      case "/services" -> printing(type, Service.class, CorePrinters.SERVICE_COLUMNS, CorePrinters.SERVICE);
      case "/endpoints" -> printing(type, Endpoints.class, CorePrinters.ENDPOINTS_COLUMNS, CorePrinters.ENDPOINTS);
      case "/nodes" -> printing(type, Node.class, CorePrinters.NODE_COLUMNS, CorePrinters.NODE);
      case "/namespaces" -> printing(type, Namespace.class, CorePrinters.NAMESPACE_COLUMNS, CorePrinters.NAMESPACE);
      case "/configmaps" -> printing(type, ConfigMap.class, CorePrinters.CONFIG_MAP_COLUMNS, CorePrinters.CONFIG_MAP);
      case "/secrets" -> printing(type, Secret.class, CorePrinters.SECRET_COLUMNS, CorePrinters.SECRET);
      case "/serviceaccounts" ->
          printing(type, ServiceAccount.class, CorePrinters.SERVICE_ACCOUNT_COLUMNS, CorePrinters.SERVICE_ACCOUNT);
      case "/persistentvolumes" ->
          printing(type, PersistentVolume.class, CorePrinters.PERSISTENT_VOLUME_COLUMNS, CorePrinters.PERSISTENT_VOLUME);
      case "/persistentvolumeclaims" -> printing(type, PersistentVolumeClaim.class,
          CorePrinters.PERSISTENT_VOLUME_CLAIM_COLUMNS, CorePrinters.PERSISTENT_VOLUME_CLAIM);
      case "/resourcequotas" ->
          printing(type, ResourceQuota.class, CorePrinters.RESOURCE_QUOTA_COLUMNS, CorePrinters.RESOURCE_QUOTA);
      case "/events" -> printing(type, Event.class, EventPrinter.COLUMNS, EventPrinter.CORE);
      case "events.k8s.io/events" -> printing(type, io.fabric8.kubernetes.api.model.events.v1.Event.class,
          EventPrinter.COLUMNS, EventPrinter.EVENTS_V1);
      case "/replicationcontrollers" -> printing(type, ReplicationController.class,
          WorkloadPrinters.REPLICATION_CONTROLLER_COLUMNS, WorkloadPrinters.REPLICATION_CONTROLLER);
      case "apps/deployments" ->
          printing(type, Deployment.class, WorkloadPrinters.DEPLOYMENT_COLUMNS, WorkloadPrinters.DEPLOYMENT);
      case "apps/replicasets" ->
          printing(type, ReplicaSet.class, WorkloadPrinters.REPLICA_SET_COLUMNS, WorkloadPrinters.REPLICA_SET);
      case "apps/statefulsets" ->
          printing(type, StatefulSet.class, WorkloadPrinters.STATEFUL_SET_COLUMNS, WorkloadPrinters.STATEFUL_SET);
      case "apps/daemonsets" ->
          printing(type, DaemonSet.class, WorkloadPrinters.DAEMON_SET_COLUMNS, WorkloadPrinters.DAEMON_SET);
      case "apps/controllerrevisions" -> printing(type, ControllerRevision.class,
          WorkloadPrinters.CONTROLLER_REVISION_COLUMNS, WorkloadPrinters.CONTROLLER_REVISION);
      case "batch/jobs" -> printing(type, Job.class, WorkloadPrinters.JOB_COLUMNS, WorkloadPrinters.JOB);
      case "batch/cronjobs" -> printing(type, CronJob.class, WorkloadPrinters.CRON_JOB_COLUMNS, WorkloadPrinters.CRON_JOB);
      case "policy/poddisruptionbudgets" -> printing(type, PodDisruptionBudget.class,
          WorkloadPrinters.POD_DISRUPTION_BUDGET_COLUMNS, WorkloadPrinters.POD_DISRUPTION_BUDGET);
      case "coordination.k8s.io/leases" -> printing(type, Lease.class, ClusterPrinters.LEASE_COLUMNS, ClusterPrinters.LEASE);
      case "discovery.k8s.io/endpointslices" ->
          printing(type, EndpointSlice.class, ClusterPrinters.ENDPOINT_SLICE_COLUMNS, ClusterPrinters.ENDPOINT_SLICE);
      case "scheduling.k8s.io/priorityclasses" ->
          printing(type, PriorityClass.class, ClusterPrinters.PRIORITY_CLASS_COLUMNS, ClusterPrinters.PRIORITY_CLASS);
      case "networking.k8s.io/ingresses" -> printing(type, Ingress.class, ClusterPrinters.INGRESS_COLUMNS, ClusterPrinters.INGRESS);
      case "networking.k8s.io/networkpolicies" ->
          printing(type, NetworkPolicy.class, ClusterPrinters.NETWORK_POLICY_COLUMNS, ClusterPrinters.NETWORK_POLICY);
      case "storage.k8s.io/storageclasses" ->
          printing(type, StorageClass.class, ClusterPrinters.STORAGE_CLASS_COLUMNS, ClusterPrinters.STORAGE_CLASS);
      case "rbac.authorization.k8s.io/rolebindings" ->
          printing(type, RoleBinding.class, ClusterPrinters.ROLE_BINDING_COLUMNS, ClusterPrinters.ROLE_BINDING);
      case "rbac.authorization.k8s.io/clusterrolebindings" -> printing(type, ClusterRoleBinding.class,
          ClusterPrinters.CLUSTER_ROLE_BINDING_COLUMNS, ClusterPrinters.CLUSTER_ROLE_BINDING);
      default -> new PrintingTableConvertor<>(type.apiVersion(), type.kind(), HasMetadata.class,
          tree -> Json.convert(tree, GenericKubernetesResource.class), ClusterPrinters.DEFAULT_COLUMNS,
          ClusterPrinters.DEFAULT, clock, true);
    };
  }

  private <T extends HasMetadata> TableConvertor printing(
      ResourceType type, Class<T> model, List<Column> columns, RowPrinter<T> printer) {
    return new PrintingTableConvertor<>(
        type.apiVersion(), type.kind(), model, (JsonNode tree) -> Json.convert(tree, model), columns, printer, clock, false);
  }
}
