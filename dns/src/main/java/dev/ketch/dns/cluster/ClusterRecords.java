package dev.ketch.dns.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's names as the API's watches last described them: Services, the ready endpoints of
 * their EndpointSlices, and the IPs of pods. Kept up to date by {@link #put}/{@link #remove} calls
 * from informer event handlers; queries read it without locking. Thread-safe.
 */
public final class ClusterRecords {

  /** The label linking an EndpointSlice to its Service. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final Map<String, ServiceEntry> services = new ConcurrentHashMap<>();
  /** namespace/service to slice name to the slice's ready endpoints. */
  private final Map<String, Map<String, List<EndpointEntry>>> endpoints = new ConcurrentHashMap<>();
  /** namespace/pod name to the pod's IPs. */
  private final Map<String, List<String>> podIps = new ConcurrentHashMap<>();
  /** namespace/IP to the pods holding it (normally one; two briefly while an IP is reused). */
  private final Map<String, Set<String>> podsByIp = new ConcurrentHashMap<>();

  public void put(Service s) {
    services.put(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), ServiceEntry.of(s));
  }

  public void remove(Service s) {
    services.remove(key(s.getMetadata().getNamespace(), s.getMetadata().getName()));
  }

  public void put(EndpointSlice slice) {
    String service = serviceOf(slice);
    if (service == null) {
      return;
    }
    endpoints.computeIfAbsent(key(slice.getMetadata().getNamespace(), service), k -> new ConcurrentHashMap<>())
        .put(slice.getMetadata().getName(), List.copyOf(EndpointEntry.of(slice)));
  }

  public void remove(EndpointSlice slice) {
    String service = serviceOf(slice);
    if (service == null) {
      return;
    }
    endpoints.computeIfPresent(key(slice.getMetadata().getNamespace(), service), (k, slices) -> {
      slices.remove(slice.getMetadata().getName());
      return slices.isEmpty() ? null : slices;
    });
  }

  public synchronized void put(Pod pod) {
    String podKey = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    List<String> ips = ipsOf(pod);
    List<String> old = podIps.put(podKey, ips);
    if (old != null) {
      old.forEach(ip -> unindex(pod.getMetadata().getNamespace(), ip, podKey));
    }
    ips.forEach(ip -> podsByIp.computeIfAbsent(key(pod.getMetadata().getNamespace(), ip), k -> new HashSet<>()).add(podKey));
  }

  public synchronized void remove(Pod pod) {
    String podKey = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    List<String> old = podIps.remove(podKey);
    if (old != null) {
      old.forEach(ip -> unindex(pod.getMetadata().getNamespace(), ip, podKey));
    }
  }

  private void unindex(String namespace, String ip, String podKey) {
    podsByIp.computeIfPresent(key(namespace, ip), (k, pods) -> {
      Set<String> left = new HashSet<>(pods);
      left.remove(podKey);
      return left.isEmpty() ? null : left;
    });
  }

  private static List<String> ipsOf(Pod pod) {
    List<String> ips = new ArrayList<>();
    if (pod.getStatus() != null && pod.getStatus().getPodIPs() != null) {
      for (PodIP ip : pod.getStatus().getPodIPs()) {
        if (ip.getIp() != null) {
          ips.add(ip.getIp());
        }
      }
    }
    if (ips.isEmpty() && pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
      ips.add(pod.getStatus().getPodIP());
    }
    return List.copyOf(ips);
  }

  private static String serviceOf(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    return labels == null ? null : labels.get(SERVICE_NAME_LABEL);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  ServiceEntry service(String namespace, String name) {
    return services.get(key(namespace, name));
  }

  boolean hasServicesIn(String namespace) {
    String prefix = namespace + "/";
    return services.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /** The ready endpoints of a Service over all its slices, an address once. */
  List<EndpointEntry> readyEndpoints(String namespace, String service) {
    Map<String, List<EndpointEntry>> slices = endpoints.get(key(namespace, service));
    if (slices == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    List<EndpointEntry> all = new ArrayList<>();
    for (List<EndpointEntry> entries : slices.values()) {
      for (EndpointEntry e : entries) {
        if (seen.add(e.address())) {
          all.add(e);
        }
      }
    }
    return all;
  }

  boolean podHasIp(String namespace, String ip) {
    return podsByIp.containsKey(key(namespace, ip));
  }
}
