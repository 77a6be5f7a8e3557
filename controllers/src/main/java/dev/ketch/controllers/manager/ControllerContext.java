package dev.ketch.controllers.manager;

import dev.ketch.controllers.client.DynamicClient;
import dev.ketch.controllers.discovery.ApiDiscovery;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.framework.Informers;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.Function;

/**
 * What the controller manager gives each controller it creates: one client, the shared
 * informers, discovery, the clock, and event recorders. Thread-safe.
 */
public final class ControllerContext {

  private final KubernetesClient client;
  private final Informers informers;
  private final Clock clock;
  private final Function<String, EventRecorder> recorders;

  public ControllerContext(KubernetesClient client, Informers informers, Clock clock, Function<String, EventRecorder> recorders) {
    this.client = client;
    this.informers = informers;
    this.clock = clock;
    this.recorders = recorders;
  }

  public KubernetesClient client() {
    return client;
  }

  public DynamicClient dynamicClient() {
    return new DynamicClient(client);
  }

  public ApiDiscovery discovery() {
    return new ApiDiscovery(client);
  }

  public Informers informers() {
    return informers;
  }

  public Clock clock() {
    return clock;
  }

  /** A recorder whose events name {@code component} as their source; the manager closes it. */
  public EventRecorder eventRecorder(String component) {
    return recorders.apply(component);
  }
}
