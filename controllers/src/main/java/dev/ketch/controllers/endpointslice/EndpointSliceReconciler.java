package dev.ketch.controllers.endpointslice;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.cache.OwnWrites;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.endpoint.ServicePods;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Reconciler;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the EndpointSlices of one Service, as upstream's EndpointSlice reconciler: for each of
 * the Service's IP families, the pods it selects (terminating ones included, with their ready,
 * serving and terminating conditions) grouped by the ports they serve into slices of at most
 * {@code maxEndpointsPerSlice}, labelled with the Service's name and this controller; an empty
 * placeholder slice when no pod is selected. A pod whose node is unknown is left out and the
 * Service retried (unless it publishes not-ready addresses). While one of its own writes is not
 * in the cache yet, a pass does nothing and comes back after a back-off, so that it never creates
 * a slice twice.
 *
 * <p>Thread-safe: called by several workers, never for the same key at once.
 */
public final class EndpointSliceReconciler implements Reconciler<ObjectKey> {

  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
  /** The index of slices by the Service that manages them ({@code namespace/name}). */
  public static final String SERVICE_INDEX = "endpointslice-service";

  private final ObjectCache<Service> services;
  private final ObjectCache<Pod> pods;
  private final ObjectCache<Node> nodes;
  private final ObjectCache<EndpointSlice> slices;
  private final ResourceClient<EndpointSlice> client;
  private final OwnWrites<ObjectKey> ownWrites;
  private final EventRecorder recorder;
  private final int maxPerSlice;

  public EndpointSliceReconciler(ObjectCache<Service> services, ObjectCache<Pod> pods, ObjectCache<Node> nodes,
      ObjectCache<EndpointSlice> slices, ResourceClient<EndpointSlice> client, OwnWrites<ObjectKey> ownWrites,
      EventRecorder recorder, int maxPerSlice) {
    this.services = services;
    this.pods = pods;
    this.nodes = nodes;
    this.slices = slices;
    this.client = client;
    this.ownWrites = ownWrites;
    this.recorder = recorder;
    this.maxPerSlice = maxPerSlice;
  }

  /** The index function: a managed slice's Service key. */
  public static List<String> serviceIndex(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    if (labels == null || !CONTROLLER_NAME.equals(labels.get(MANAGED_BY_LABEL)) || labels.get(SERVICE_NAME_LABEL) == null) {
      return List.of();
    }
    return List.of(slice.getMetadata().getNamespace() + "/" + labels.get(SERVICE_NAME_LABEL));
  }

  @Override
  public Result reconcile(ObjectKey key) throws Exception {
    Service svc = services.get(key.namespace(), key.name());
    if (svc == null) {
      // The slices' owner reference lets the garbage collector delete them.
      ownWrites.forget(key);
      return Result.done();
    }
    if ("ExternalName".equals(svc.getSpec().getType()) || !ServicePods.hasSelector(svc)) {
      return Result.done();
    }
    if (ownWrites.pending(key)) {
      // The cache is older than this controller's last writes: look again after a back-off.
      return Result.requeue();
    }
    List<EndpointSlice> existing = slices.byIndex(SERVICE_INDEX, key.toString());
    Set<String> addressTypes = addressTypes(svc);
    SlicePlan plan = new SlicePlan(maxPerSlice);
    List<String> missingNodes = new ArrayList<>();
    List<Pod> selected = ServicePods.podsOf(svc, pods);
    for (EndpointSlice s : existing) {
      if (!addressTypes.contains(s.getAddressType()) || !ownedBy(s, svc)) {
        plan.toDelete.put(s.getMetadata().getName(), s);
      }
    }
    for (String addressType : addressTypes) {
      planAddressType(svc, addressType, selected, existing.stream().filter(s -> addressType.equals(s.getAddressType()) && ownedBy(s, svc)).toList(),
          plan, missingNodes);
      boolean allGo = existing.stream().filter(s -> addressType.equals(s.getAddressType()))
          .allMatch(s -> plan.toDelete.containsKey(s.getMetadata().getName()));
      boolean noneMade = plan.toCreate.stream().noneMatch(s -> addressType.equals(s.getAddressType()));
      if (allGo && noneMade) {
        placeholder(svc, addressType, existing, plan);
      }
    }
    apply(key, svc, plan);
    if (!missingNodes.isEmpty()) {
      throw new IllegalStateException("skipping pods of service " + key + " whose nodes are not found: " + missingNodes);
    }
    return Result.done();
  }

  private void planAddressType(Service svc, String addressType, List<Pod> selected, List<EndpointSlice> existing, SlicePlan plan,
      List<String> missingNodes) {
    Map<String, List<EndpointPort>> portsByKey = new LinkedHashMap<>();
    Map<String, TreeMap<String, Endpoint>> desiredByPorts = new LinkedHashMap<>();
    boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    for (Pod pod : selected) {
      if (!ServicePods.shouldBeInEndpoints(pod, true)) {
        continue;
      }
      Node node = Pods.nodeName(pod) == null ? null : nodes.get("", Pods.nodeName(pod));
      if (node == null && !publishNotReady) {
        missingNodes.add(pod.getMetadata().getName() + " (node " + Pods.nodeName(pod) + ")");
        continue;
      }
      List<EndpointPort> ports = SliceEndpoints.ports(svc, pod);
      Endpoint e = SliceEndpoints.endpoint(pod, node, svc, addressType);
      if (e == null) {
        continue;
      }
      String portsKey = SliceEndpoints.portsKey(ports);
      portsByKey.putIfAbsent(portsKey, ports);
      desiredByPorts.computeIfAbsent(portsKey, k -> new TreeMap<>()).put(SliceEndpoints.identity(e), e);
    }
    Map<String, List<EndpointSlice>> existingByPorts = new LinkedHashMap<>();
    for (EndpointSlice s : existing) {
      existingByPorts.computeIfAbsent(SliceEndpoints.portsKey(s.getPorts()), k -> new ArrayList<>()).add(s);
    }
    for (var e : desiredByPorts.entrySet()) {
      List<EndpointPort> ports = portsByKey.get(e.getKey());
      plan.plan(existingByPorts.getOrDefault(e.getKey(), List.of()), e.getValue(), slice -> labelsIfChanged(slice, svc),
          () -> newSlice(svc, addressType, ports));
    }
    // Slices of ports no pod serves any more go.
    for (var e : existingByPorts.entrySet()) {
      if (!desiredByPorts.containsKey(e.getKey())) {
        e.getValue().forEach(s -> plan.toDelete.put(s.getMetadata().getName(), s));
      }
    }
  }

  /** Keeps (or plans) the empty slice a Service with no endpoints of this type has. */
  private void placeholder(Service svc, String addressType, List<EndpointSlice> existing, SlicePlan plan) {
    List<EndpointSlice> deleting = existing.stream().filter(s -> addressType.equals(s.getAddressType())).toList();
    if (deleting.size() == 1 && isPlaceholder(deleting.getFirst()) && ownedBy(deleting.getFirst(), svc)
        && labelsIfChanged(deleting.getFirst(), svc) == null) {
      plan.toDelete.remove(deleting.getFirst().getMetadata().getName());
      return;
    }
    plan.toCreate.add(newSlice(svc, addressType, List.of()));
  }

  private static boolean isPlaceholder(EndpointSlice s) {
    return (s.getEndpoints() == null || s.getEndpoints().isEmpty()) && (s.getPorts() == null || s.getPorts().isEmpty());
  }

  private void apply(ObjectKey key, Service svc, SlicePlan plan) {
    // A slice to delete and one to create of the same type become one update, keeping the name.
    List<EndpointSlice> creates = new ArrayList<>(plan.toCreate);
    var deletes = new LinkedHashMap<>(plan.toDelete);
    for (var it = deletes.entrySet().iterator(); it.hasNext() && !creates.isEmpty(); ) {
      EndpointSlice old = it.next().getValue();
      EndpointSlice replacement = creates.stream().filter(c -> Objects.equals(c.getAddressType(), old.getAddressType())).findFirst().orElse(null);
      if (replacement == null || !ownedBy(old, svc)) {
        continue;
      }
      creates.remove(replacement);
      it.remove();
      EndpointSlice updated = new EndpointSliceBuilder(replacement).editMetadata().withName(old.getMetadata().getName())
          .withGenerateName(null).withResourceVersion(old.getMetadata().getResourceVersion()).endMetadata().build();
      plan.toUpdate.put(old.getMetadata().getName(), updated);
    }
    try {
      for (EndpointSlice s : creates) {
        try {
          ownWrites.wrote(key, null, client.create(s));
        } catch (RuntimeException e) {
          if (ApiErrors.isNamespaceTerminating(e)) {
            return;
          }
          throw e;
        }
      }
      for (EndpointSlice s : plan.toUpdate.values()) {
        String before = s.getMetadata().getResourceVersion();
        ownWrites.wrote(key, before, client.update(s));
      }
      for (EndpointSlice s : deletes.values()) {
        try {
          client.delete(s.getMetadata().getNamespace(), s.getMetadata().getName(), s.getMetadata().getUid());
          ownWrites.deleted(key, s.getMetadata().getNamespace() + "/" + s.getMetadata().getName());
        } catch (RuntimeException e) {
          if (!ApiErrors.isNotFound(e)) {
            throw e;
          }
        }
      }
    } catch (RuntimeException e) {
      recorder.event(svc, EventType.WARNING, "FailedToUpdateEndpointSlices",
          "Error updating Endpoint Slices for Service " + key + ": " + ApiErrors.message(e));
      throw e;
    }
  }

  private static Set<String> addressTypes(Service svc) {
    Set<String> types = new LinkedHashSet<>();
    if (svc.getSpec().getIpFamilies() != null) {
      types.addAll(svc.getSpec().getIpFamilies());
    }
    if (types.isEmpty()) {
      types.add(ServicePods.wantsIpv6(svc) ? "IPv6" : "IPv4");
    }
    return types;
  }

  private static boolean ownedBy(EndpointSlice s, Service svc) {
    if (s.getMetadata().getOwnerReferences() == null) {
      return false;
    }
    for (OwnerReference r : s.getMetadata().getOwnerReferences()) {
      if (Objects.equals(r.getUid(), svc.getMetadata().getUid()) && "Service".equals(r.getKind()) && "v1".equals(r.getApiVersion())) {
        return true;
      }
    }
    return false;
  }

  /** The labels a slice of {@code svc} should carry. */
  static Map<String, String> labels(Service svc) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (svc.getMetadata().getLabels() != null) {
      svc.getMetadata().getLabels().forEach((k, v) -> {
        if (!k.equals(SERVICE_NAME_LABEL) && !k.equals(MANAGED_BY_LABEL) && !k.equals(ServicePods.HEADLESS_LABEL)) {
          labels.put(k, v);
        }
      });
    }
    if (ServicePods.isHeadless(svc)) {
      labels.put(ServicePods.HEADLESS_LABEL, "");
    }
    labels.put(SERVICE_NAME_LABEL, svc.getMetadata().getName());
    labels.put(MANAGED_BY_LABEL, CONTROLLER_NAME);
    return labels;
  }

  private static Map<String, String> labelsIfChanged(EndpointSlice slice, Service svc) {
    Map<String, String> want = labels(svc);
    Map<String, String> have = slice.getMetadata().getLabels() == null ? Map.of() : slice.getMetadata().getLabels();
    return want.equals(have) ? null : want;
  }

  private static EndpointSlice newSlice(Service svc, String addressType, List<EndpointPort> ports) {
    OwnerReference ref = ControllerRefs.newControllerRef(svc, "v1", "Service");
    return new EndpointSliceBuilder()
        .withNewMetadata().withGenerateName(svc.getMetadata().getName() + "-").withNamespace(svc.getMetadata().getNamespace())
        .withLabels(labels(svc)).withOwnerReferences(ref).endMetadata()
        .withAddressType(addressType)
        .withPorts(new ArrayList<>(ports))
        .withEndpoints(new ArrayList<>())
        .build();
  }
}
