package dev.ketch.controllers.endpoint;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.cache.OwnWrites;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Reconciler;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the Endpoints object of one Service, as upstream's endpoints controller: for a Service
 * with a selector, the addresses of the pods it selects, ready ones under {@code addresses} and
 * the others under {@code notReadyAddresses} (all of them ready with {@code
 * publishNotReadyAddresses}), one entry per Service port with named target ports resolved on each
 * pod, repacked into canonical subsets and capped at 1,000 addresses. The Endpoints object carries
 * the Service's labels (plus the headless label); it is deleted with its Service. A Service
 * without a selector is left alone: its Endpoints are the user's.
 *
 * <p>Thread-safe: called by several workers, never for the same key at once.
 */
public final class EndpointsReconciler implements Reconciler<ObjectKey> {

  static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";

  private final ObjectCache<Service> services;
  private final ObjectCache<Pod> pods;
  private final ObjectCache<Endpoints> endpoints;
  private final ResourceClient<Endpoints> client;
  private final OwnWrites<ObjectKey> ownWrites;
  private final EventRecorder recorder;
  private final Map<ObjectKey, Memo> memos = new ConcurrentHashMap<>();

  public EndpointsReconciler(ObjectCache<Service> services, ObjectCache<Pod> pods, ObjectCache<Endpoints> endpoints,
      ResourceClient<Endpoints> client, OwnWrites<ObjectKey> ownWrites, EventRecorder recorder) {
    this.services = services;
    this.pods = pods;
    this.endpoints = endpoints;
    this.client = client;
    this.ownWrites = ownWrites;
    this.recorder = recorder;
  }

  @Override
  public Result reconcile(ObjectKey key) throws Exception {
    Service svc = services.get(key.namespace(), key.name());
    if (svc == null) {
      deleteEndpoints(key);
      return Result.done();
    }
    if ("ExternalName".equals(svc.getSpec().getType()) || !ServicePods.hasSelector(svc)) {
      return Result.done();
    }
    if (ownWrites.pending(key)) {
      // The cache is older than this controller's last write: look again after a back-off.
      return Result.requeue();
    }
    List<EndpointSubset> subsets = desiredSubsets(svc);
    Endpoints current = endpoints.get(key.namespace(), key.name());
    Map<String, String> labels = new LinkedHashMap<>(svc.getMetadata().getLabels() == null ? Map.of() : svc.getMetadata().getLabels());
    if (ServicePods.isHeadless(svc)) {
      labels.put(ServicePods.HEADLESS_LABEL, "");
    }
    boolean overCapacity = EndpointSubsets.count(subsets) > EndpointSubsets.MAX_CAPACITY;
    if (current != null && EndpointSubsets.same(current.getSubsets(), subsets) && Objects.equals(orEmpty(current.getMetadata().getLabels()), labels)
        && !overCapacity && !orEmpty(current.getMetadata().getAnnotations()).containsKey(OVER_CAPACITY)) {
      return Result.done();
    }
    Map<String, String> annotations = new LinkedHashMap<>(current == null ? Map.of() : orEmpty(current.getMetadata().getAnnotations()));
    if (EndpointSubsets.truncate(subsets)) {
      annotations.put(OVER_CAPACITY, "truncated");
    } else {
      annotations.remove(OVER_CAPACITY);
    }
    if (current != null && EndpointSubsets.same(current.getSubsets(), subsets) && Objects.equals(orEmpty(current.getMetadata().getLabels()), labels)
        && Objects.equals(orEmpty(current.getMetadata().getAnnotations()), annotations)) {
      return Result.done();
    }
    try {
      if (current == null) {
        Endpoints created = client.create(new EndpointsBuilder().withNewMetadata().withName(key.name()).withNamespace(key.namespace())
            .withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations).endMetadata()
            .withSubsets(subsets).build());
        ownWrites.wrote(key, null, created);
      } else {
        Endpoints copy = new EndpointsBuilder(current).build();
        copy.setSubsets(subsets);
        copy.getMetadata().setLabels(labels);
        copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        Endpoints updated = client.update(copy);
        ownWrites.wrote(key, current.getMetadata().getResourceVersion(), updated);
      }
    } catch (RuntimeException e) {
      if (current == null && ApiErrors.isNamespaceTerminating(e)) {
        return Result.done();
      }
      if (current == null) {
        recorder.event(svc, EventType.WARNING, "FailedToCreateEndpoint",
            "Failed to create endpoint for service " + key + ": " + ApiErrors.message(e));
      } else {
        recorder.event(svc, EventType.WARNING, "FailedToUpdateEndpoint", "Failed to update endpoint " + key + ": " + ApiErrors.message(e));
      }
      throw e;
    }
    return Result.done();
  }

  private void deleteEndpoints(ObjectKey key) {
    ownWrites.forget(key);
    memos.remove(key);
    if (endpoints.get(key.namespace(), key.name()) == null) {
      return;
    }
    try {
      client.delete(key.namespace(), key.name(), null);
    } catch (RuntimeException e) {
      if (!ApiErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  /** The subsets the Service's pods give, repacked (not yet truncated). */
  List<EndpointSubset> desiredSubsets(Service svc) {
    ObjectKey key = ObjectKey.of(svc);
    Memo memo = memos.get(key);
    if (memo == null || !Objects.equals(memo.serviceVersion(), svc.getMetadata().getResourceVersion())) {
      memo = new Memo(svc.getMetadata().getResourceVersion(), Map.of());
    }
    Map<String, PodEntries> next = new HashMap<>();
    List<EndpointSubsets.Entry> entries = new ArrayList<>();
    for (Pod pod : ServicePods.podsOf(svc, pods)) {
      PodEntries known = memo.pods().get(pod.getMetadata().getUid());
      if (known == null || !Objects.equals(known.version(), pod.getMetadata().getResourceVersion())) {
        known = new PodEntries(pod.getMetadata().getResourceVersion(), entriesOf(pod, svc));
      }
      next.put(pod.getMetadata().getUid(), known);
      entries.addAll(known.entries());
    }
    memos.put(key, new Memo(svc.getMetadata().getResourceVersion(), next));
    return EndpointSubsets.repack(entries);
  }

  /** What one pod contributes: an address per Service port it serves (or one without port, headless). */
  private static List<EndpointSubsets.Entry> entriesOf(Pod pod, Service svc) {
    boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    if (!ServicePods.shouldBeInEndpoints(pod, publishNotReady)) {
      return List.of();
    }
    String ip = ServicePods.podIp(pod, ServicePods.wantsIpv6(svc));
    if (ip == null) {
      return List.of();
    }
    boolean ready = publishNotReady || Pods.isReady(pod);
    if (!ready && !shouldPublishNotReady(pod)) {
      return List.of();
    }
    EndpointAddress address = address(pod, svc, ip);
    List<ServicePort> ports = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
    if (ports.isEmpty()) {
      return ServicePods.isHeadless(svc) ? List.of(new EndpointSubsets.Entry(address, null, ready)) : List.of();
    }
    List<EndpointSubsets.Entry> out = new ArrayList<>(ports.size());
    for (ServicePort sp : ports) {
      OptionalInt port = ServicePods.findPort(pod, sp);
      if (port.isPresent()) {
        EndpointPort ep = new EndpointPort(sp.getAppProtocol(), sp.getName(), port.getAsInt(), sp.getProtocol() == null ? "TCP" : sp.getProtocol());
        out.add(new EndpointSubsets.Entry(address, ep, ready));
      }
    }
    return out;
  }

  /** A pod's entries as of its resourceVersion. */
  private record PodEntries(String version, List<EndpointSubsets.Entry> entries) {}

  /** A Service's pods' entries as of the Service's resourceVersion, so an unchanged pod is not looked at again. */
  private record Memo(String serviceVersion, Map<String, PodEntries> pods) {}

  /** A not-ready pod is listed only if it may still become ready (its restart policy allows it). */
  private static boolean shouldPublishNotReady(Pod pod) {
    String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    String phase = Pods.phase(pod);
    return switch (policy) {
      case "Never" -> !"Failed".equals(phase) && !"Succeeded".equals(phase);
      case "OnFailure" -> !"Succeeded".equals(phase);
      default -> true;
    };
  }

  private static EndpointAddress address(Pod pod, Service svc, String ip) {
    ObjectReference ref = new ObjectReference(null, null, "Pod", pod.getMetadata().getName(), pod.getMetadata().getNamespace(), null,
        pod.getMetadata().getUid());
    String node = Pods.nodeName(pod);
    return new EndpointAddress(ServicePods.shouldSetHostname(pod, svc) ? pod.getSpec().getHostname() : null, ip,
        node, ref);
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
