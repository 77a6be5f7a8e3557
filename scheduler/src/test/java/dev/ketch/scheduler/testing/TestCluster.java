package dev.ketch.scheduler.testing;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.scheduler.Scheduler;
import dev.ketch.scheduler.SchedulerClients;
import dev.ketch.scheduler.config.SchedulerConfiguration;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An API server over an in-memory store, a client for the test (as a user would have), and, once
 * {@link #startScheduler started}, a scheduler with a client of its own from the admin kubeconfig.
 * Nodes are simulated: Node objects with capacity and a Ready condition, no kubelet.
 */
public final class TestCluster implements AutoCloseable {

  private final EmbeddedStore store;
  private final ApiServer apiServer;
  private final KubernetesClient client;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  private TestCluster(EmbeddedStore store, ApiServer apiServer, KubernetesClient client) {
    this.store = store;
    this.apiServer = apiServer;
    this.client = client;
  }

  public static TestCluster start(Path dir) {
    EmbeddedStore store = EmbeddedStore.inMemory();
    ApiServer api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
    return new TestCluster(store, api, SchedulerClients.fromKubeconfig(api.kubeconfigFiles().getFirst()));
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return apiServer.kubeconfigFiles().getFirst();
  }

  /** Starts a scheduler with its own client; stopped by {@link #close()}. */
  public Scheduler startScheduler(SchedulerConfiguration config) {
    KubernetesClient schedulerClient = SchedulerClients.fromKubeconfig(kubeconfig());
    Scheduler s = Scheduler.start(schedulerClient, config);
    toClose.add(schedulerClient);
    toClose.add(s);
    return s;
  }

  public void namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  public Node create(Node node) {
    return client.nodes().resource(node).create();
  }

  public Pod create(Pod pod) {
    pod.getMetadata().setUid(null);
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  public Pod pod(String ns, String name) {
    return client.pods().inNamespace(ns).withName(name).get();
  }

  /** The pod's node, or null while it is pending. */
  public String nodeOf(String ns, String name) {
    Pod p = pod(ns, name);
    return p == null ? null : p.getSpec().getNodeName();
  }

  /** The pod's PodScheduled condition, or null. */
  public PodCondition scheduledCondition(String ns, String name) {
    Pod p = pod(ns, name);
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return null;
    }
    return p.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
  }

  /** Events about the pod with this reason. */
  public List<Event> events(String ns, String pod, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }

  @Override
  public void close() {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        // Closing the rest matters more.
      }
    }
    client.close();
    apiServer.close();
    store.close();
  }
}
