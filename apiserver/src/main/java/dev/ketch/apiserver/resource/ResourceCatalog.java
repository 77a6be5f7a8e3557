package dev.ketch.apiserver.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resources the server serves, looked up the ways requests and objects name them. Immutable
 * and thread-safe.
 */
public final class ResourceCatalog {

  private final List<ResourceType> types;
  private final Map<String, ResourceType> byPath = new LinkedHashMap<>();
  private final Map<String, ResourceType> byKind = new LinkedHashMap<>();
  private final Map<ResourceType, ResourceType> storedWith;

  public ResourceCatalog(Collection<ResourceType> types) {
    this(types, Map.of());
  }

  /**
   * @param types the resources served
   * @param storedWith resources served as views over another resource's storage, each mapped to
   *     that resource (events.k8s.io/v1 events to core/v1 events)
   */
  public ResourceCatalog(Collection<ResourceType> types, Map<ResourceType, ResourceType> storedWith) {
    this.types = List.copyOf(types);
    this.storedWith = Map.copyOf(storedWith);
    storedWith.forEach((view, stored) -> {
      if (!this.types.contains(view) || !this.types.contains(stored) || storedWith.containsKey(stored) || !view.kind().equals(stored.kind())) {
        throw new IllegalArgumentException("cannot store " + view + " with " + stored);
      }
    });
    for (ResourceType t : this.types) {
      if (byPath.put(key(t.groupVersion(), t.plural()), t) != null) {
        throw new IllegalArgumentException("resource registered twice: " + t);
      }
      byKind.put(key(t.groupVersion(), t.kind()), t);
    }
  }

  private static String key(GroupVersion gv, String name) {
    return gv.apiVersion() + "|" + name;
  }

  public List<ResourceType> all() {
    return types;
  }

  /** The resource served at {@code /…/<group>/<version>/<plural>}. */
  public Optional<ResourceType> byResource(GroupVersion gv, String plural) {
    return Optional.ofNullable(byPath.get(key(gv, plural)));
  }

  /** The resource whose objects carry this apiVersion and kind. */
  public Optional<ResourceType> byKind(GroupVersion gv, String kind) {
    return Optional.ofNullable(byKind.get(key(gv, kind)));
  }

  /** The group versions served, core first, in registration order. */
  public List<GroupVersion> groupVersions() {
    Set<GroupVersion> out = new LinkedHashSet<>();
    for (ResourceType t : types) {
      out.add(t.groupVersion());
    }
    return List.copyOf(out);
  }

  /**
   * The resource whose storage holds the objects of {@code type}: itself, or for a resource served
   * as a view over another one's storage, that one.
   */
  public ResourceType storageOf(ResourceType type) {
    return storedWith.getOrDefault(type, type);
  }

  /** The resources whose objects live in {@code type}'s storage, {@code type} first. */
  public List<ResourceType> sharingStorage(ResourceType type) {
    ResourceType stored = storageOf(type);
    List<ResourceType> out = new ArrayList<>();
    out.add(type);
    for (ResourceType t : types) {
      if (!t.equals(type) && storageOf(t).equals(stored)) {
        out.add(t);
      }
    }
    return out;
  }

  public List<ResourceType> inGroupVersion(GroupVersion gv) {
    return types.stream().filter(t -> t.groupVersion().equals(gv)).toList();
  }

  /** The resources Kubernetes serves out of the box, as far as this server implements them. */
  public static ResourceCatalog builtIn() {
    List<ResourceType> t = new ArrayList<>();
    GroupVersion core = GroupVersion.CORE_V1;
    t.add(of(core, io.fabric8.kubernetes.api.model.Namespace.class, io.fabric8.kubernetes.api.model.NamespaceList.class,
        "namespaces", false, List.of("ns"), List.of(), Subresource.status("Namespace"),
        new Subresource("finalize", "Namespace", null, List.of("update"))));
    t.add(of(core, io.fabric8.kubernetes.api.model.Pod.class, io.fabric8.kubernetes.api.model.PodList.class,
        "pods", true, List.of("po"), List.of("all"), Subresource.status("Pod"),
        new Subresource("binding", "Binding", null, List.of("create")),
        new Subresource("eviction", "Eviction", new GroupVersion("policy", "v1"), List.of("create")),
        new Subresource("log", "Pod", null, List.of("get")),
        new Subresource("exec", "PodExecOptions", null, List.of("create", "get")),
        new Subresource("attach", "PodAttachOptions", null, List.of("create", "get")),
        new Subresource("portforward", "PodPortForwardOptions", null, List.of("create", "get"))));
    t.add(of(core, io.fabric8.kubernetes.api.model.Service.class, io.fabric8.kubernetes.api.model.ServiceList.class,
        "services", true, List.of("svc"), List.of("all"), Subresource.status("Service")));
    t.add(of(core, io.fabric8.kubernetes.api.model.Endpoints.class, io.fabric8.kubernetes.api.model.EndpointsList.class,
        "endpoints", true, List.of("ep"), List.of()));
    t.add(of(core, io.fabric8.kubernetes.api.model.ConfigMap.class, io.fabric8.kubernetes.api.model.ConfigMapList.class,
        "configmaps", true, List.of("cm"), List.of()));
    t.add(of(core, io.fabric8.kubernetes.api.model.Secret.class, io.fabric8.kubernetes.api.model.SecretList.class,
        "secrets", true, List.of(), List.of()));
    t.add(of(core, io.fabric8.kubernetes.api.model.ServiceAccount.class, io.fabric8.kubernetes.api.model.ServiceAccountList.class,
        "serviceaccounts", true, List.of("sa"), List.of(),
        new Subresource("token", "TokenRequest", new GroupVersion("authentication.k8s.io", "v1"), List.of("create"))));
    t.add(of(core, io.fabric8.kubernetes.api.model.Node.class, io.fabric8.kubernetes.api.model.NodeList.class,
        "nodes", false, List.of("no"), List.of(), Subresource.status("Node")));
    t.add(of(core, io.fabric8.kubernetes.api.model.Event.class, io.fabric8.kubernetes.api.model.EventList.class,
        "events", true, List.of("ev"), List.of()));
    t.add(of(core, io.fabric8.kubernetes.api.model.ReplicationController.class,
        io.fabric8.kubernetes.api.model.ReplicationControllerList.class,
        "replicationcontrollers", true, List.of("rc"), List.of("all"),
        Subresource.status("ReplicationController"), Subresource.scale()));
    t.add(of(core, io.fabric8.kubernetes.api.model.PersistentVolume.class,
        io.fabric8.kubernetes.api.model.PersistentVolumeList.class,
        "persistentvolumes", false, List.of("pv"), List.of(), Subresource.status("PersistentVolume")));
    t.add(of(core, io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
        io.fabric8.kubernetes.api.model.PersistentVolumeClaimList.class,
        "persistentvolumeclaims", true, List.of("pvc"), List.of(), Subresource.status("PersistentVolumeClaim")));
    t.add(of(core, io.fabric8.kubernetes.api.model.LimitRange.class, io.fabric8.kubernetes.api.model.LimitRangeList.class,
        "limitranges", true, List.of("limits"), List.of()));
    t.add(of(core, io.fabric8.kubernetes.api.model.ResourceQuota.class, io.fabric8.kubernetes.api.model.ResourceQuotaList.class,
        "resourcequotas", true, List.of("quota"), List.of(), Subresource.status("ResourceQuota")));

    GroupVersion apps = new GroupVersion("apps", "v1");
    t.add(of(apps, io.fabric8.kubernetes.api.model.apps.Deployment.class, io.fabric8.kubernetes.api.model.apps.DeploymentList.class,
        "deployments", true, List.of("deploy"), List.of("all"), Subresource.status("Deployment"), Subresource.scale()));
    t.add(of(apps, io.fabric8.kubernetes.api.model.apps.ReplicaSet.class, io.fabric8.kubernetes.api.model.apps.ReplicaSetList.class,
        "replicasets", true, List.of("rs"), List.of("all"), Subresource.status("ReplicaSet"), Subresource.scale()));
    t.add(of(apps, io.fabric8.kubernetes.api.model.apps.StatefulSet.class, io.fabric8.kubernetes.api.model.apps.StatefulSetList.class,
        "statefulsets", true, List.of("sts"), List.of("all"), Subresource.status("StatefulSet"), Subresource.scale()));
    t.add(of(apps, io.fabric8.kubernetes.api.model.apps.DaemonSet.class, io.fabric8.kubernetes.api.model.apps.DaemonSetList.class,
        "daemonsets", true, List.of("ds"), List.of("all"), Subresource.status("DaemonSet")));
    t.add(of(apps, io.fabric8.kubernetes.api.model.apps.ControllerRevision.class,
        io.fabric8.kubernetes.api.model.apps.ControllerRevisionList.class,
        "controllerrevisions", true, List.of(), List.of()));

    GroupVersion batch = new GroupVersion("batch", "v1");
    t.add(of(batch, io.fabric8.kubernetes.api.model.batch.v1.Job.class, io.fabric8.kubernetes.api.model.batch.v1.JobList.class,
        "jobs", true, List.of(), List.of("all"), Subresource.status("Job")));
    t.add(of(batch, io.fabric8.kubernetes.api.model.batch.v1.CronJob.class, io.fabric8.kubernetes.api.model.batch.v1.CronJobList.class,
        "cronjobs", true, List.of("cj"), List.of("all"), Subresource.status("CronJob")));

    t.add(of(new GroupVersion("coordination.k8s.io", "v1"), io.fabric8.kubernetes.api.model.coordination.v1.Lease.class,
        io.fabric8.kubernetes.api.model.coordination.v1.LeaseList.class, "leases", true, List.of(), List.of()));
    t.add(of(new GroupVersion("discovery.k8s.io", "v1"), io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class,
        io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList.class, "endpointslices", true, List.of(), List.of()));
    ResourceType events = of(new GroupVersion("events.k8s.io", "v1"), io.fabric8.kubernetes.api.model.events.v1.Event.class,
        io.fabric8.kubernetes.api.model.events.v1.EventList.class, "events", true, List.of("ev"), List.of());
    t.add(events);
    t.add(of(new GroupVersion("policy", "v1"), io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
        io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList.class, "poddisruptionbudgets", true,
        List.of("pdb"), List.of(), Subresource.status("PodDisruptionBudget")));
    t.add(of(new GroupVersion("scheduling.k8s.io", "v1"), io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass.class,
        io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassList.class, "priorityclasses", false, List.of("pc"), List.of()));
    GroupVersion networking = new GroupVersion("networking.k8s.io", "v1");
    t.add(of(networking, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
        io.fabric8.kubernetes.api.model.networking.v1.IngressList.class, "ingresses", true, List.of("ing"), List.of(),
        Subresource.status("Ingress")));
    t.add(of(networking, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
        io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList.class, "networkpolicies", true, List.of("netpol"), List.of()));
    t.add(of(new GroupVersion("storage.k8s.io", "v1"), io.fabric8.kubernetes.api.model.storage.StorageClass.class,
        io.fabric8.kubernetes.api.model.storage.StorageClassList.class, "storageclasses", false, List.of("sc"), List.of()));
    GroupVersion rbac = new GroupVersion("rbac.authorization.k8s.io", "v1");
    t.add(of(rbac, io.fabric8.kubernetes.api.model.rbac.Role.class, io.fabric8.kubernetes.api.model.rbac.RoleList.class,
        "roles", true, List.of(), List.of()));
    t.add(of(rbac, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class, io.fabric8.kubernetes.api.model.rbac.RoleBindingList.class,
        "rolebindings", true, List.of(), List.of()));
    t.add(of(rbac, io.fabric8.kubernetes.api.model.rbac.ClusterRole.class, io.fabric8.kubernetes.api.model.rbac.ClusterRoleList.class,
        "clusterroles", false, List.of(), List.of()));
    t.add(of(rbac, io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class,
        io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingList.class, "clusterrolebindings", false, List.of(), List.of()));
    // Reviews: created and answered from the request at once, never stored.
    GroupVersion authorization = new GroupVersion("authorization.k8s.io", "v1");
    t.add(review(authorization, io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReview.class,
        "localsubjectaccessreviews", true));
    t.add(review(authorization, io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview.class,
        "selfsubjectaccessreviews", false));
    t.add(review(authorization, io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview.class,
        "selfsubjectrulesreviews", false));
    t.add(review(authorization, io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview.class,
        "subjectaccessreviews", false));
    // authentication.k8s.io/v1beta1 for kubectl 1.27's auth whoami; its SelfSubjectReview has the
    // fields of v1's, whose model class serves both.
    t.add(review(new GroupVersion("authentication.k8s.io", "v1"), io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview.class,
        "selfsubjectreviews", false));
    t.add(review(new GroupVersion("authentication.k8s.io", "v1beta1"),
        io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview.class, "selfsubjectreviews", false));

    // events.k8s.io/v1 and core/v1 Events are one set of objects: kube-apiserver keeps both in
    // core/v1's storage (/registry/events) and converts.
    ResourceType coreEvents = t.stream().filter(r -> r.group().isEmpty() && r.plural().equals("events")).findFirst().orElseThrow();
    return new ResourceCatalog(t, Map.of(events, coreEvents));
  }

  /** A create-only resource answered from the request (reviews). */
  private static ResourceType review(GroupVersion gv, Class<? extends HasMetadata> model, String plural, boolean namespaced) {
    String kind = model.getSimpleName();
    return new ResourceType(gv, kind, plural, kind.toLowerCase(Locale.ROOT), namespaced, List.of(), List.of(),
        ResourceType.CREATE_ONLY, List.of(), model, null);
  }

  private static ResourceType of(
      GroupVersion gv,
      Class<? extends HasMetadata> model,
      Class<? extends KubernetesResource> list,
      String plural,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      Subresource... subresources) {
    String kind = model.getSimpleName();
    return new ResourceType(
        gv, kind, plural, kind.toLowerCase(Locale.ROOT), namespaced, shortNames, categories,
        ResourceType.ALL_VERBS, List.of(subresources), model, list);
  }
}
