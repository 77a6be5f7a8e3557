package dev.ketch.proxy.userspace;

import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.model.ServicePortName;
import dev.ketch.proxy.model.ServicePortSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the endpoints a new connection tries, in order: uniformly at random, except that with
 * sessionAffinity ClientIP a client goes back to the endpoint it last used within the timeout.
 * Reads the latest model at each call. Thread-safe.
 */
final class EndpointPicker {

  private volatile ProxyModel model = ProxyModel.empty();
  private final Map<String, Sticky> affinity = new ConcurrentHashMap<>();

  private record Sticky(EndpointAddress endpoint, long expiresNanos) {}

  void update(ProxyModel m) {
    model = m;
  }

  ProxyModel model() {
    return model;
  }

  /** Every endpoint of {@code id} in the order to try them; empty when it has none. */
  List<EndpointAddress> candidates(ServicePortName id, String clientIp) {
    ProxyModel m = model;
    ServicePortSpec spec = m.services().get(id);
    if (spec == null) {
      return List.of();
    }
    List<EndpointAddress> all = new ArrayList<>(m.endpointsOf(id));
    Collections.shuffle(all, ThreadLocalRandom.current());
    if (spec.affinitySeconds() > 0) {
      Sticky s = affinity.get(id + "|" + clientIp);
      if (s != null && s.expiresNanos() > System.nanoTime() && all.remove(s.endpoint())) {
        all.addFirst(s.endpoint());
      }
    }
    return all;
  }

  /** Records that {@code clientIp} was sent to {@code endpoint}, for ClientIP affinity. */
  void used(ServicePortName id, String clientIp, EndpointAddress endpoint) {
    ServicePortSpec spec = model.services().get(id);
    if (spec != null && spec.affinitySeconds() > 0) {
      affinity.put(id + "|" + clientIp, new Sticky(endpoint, System.nanoTime() + spec.affinitySeconds() * 1_000_000_000L));
    }
  }
}
