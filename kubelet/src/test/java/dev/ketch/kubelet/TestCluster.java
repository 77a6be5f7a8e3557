package dev.ketch.kubelet;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.kubelet.pod.PodInformer;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import dev.ketch.store.embedded.EmbeddedStore;
import dev.ketch.testing.launcher.Kubectl;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * An API server over an in-memory store, and kubelets on simulated runtimes talking to it through
 * its admin kubeconfig; a separate client for the test, as a user would have. No scheduler: tests
 * bind pods themselves through pods/binding.
 */
final class TestCluster implements AutoCloseable {

  private final EmbeddedStore store;
  private final ApiServer apiServer;
  private final KubernetesClient kubeletClient;
  private final KubernetesClient client;
  private final KubeletServices services;

  private TestCluster(EmbeddedStore store, ApiServer apiServer, KubernetesClient kubeletClient, KubernetesClient client) {
    this.store = store;
    this.apiServer = apiServer;
    this.kubeletClient = kubeletClient;
    this.client = client;
    this.services = new KubeletServices(kubeletClient, Clock.systemUTC());
  }

  static TestCluster start(Path dir) {
    EmbeddedStore store = EmbeddedStore.inMemory();
    ApiServer api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
    Path kubeconfig = api.kubeconfigFiles().getFirst();
    return new TestCluster(store, api, KubeClients.fromKubeconfig(kubeconfig, 1), KubeClients.fromKubeconfig(kubeconfig, 1));
  }

  /** Timings shortened so tests see renewals, relists and restarts within seconds. */
  static KubeletConfig fast(KubeletConfig c) {
    return c.withTimings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(1),
        Duration.ofSeconds(4));
  }

  /** A kubelet for simulated node {@code index}, with its own pod informer. */
  Node startNode(int index) {
    KubeletConfig config = fast(KubeletConfig.simulated(index));
    SimulatedRuntime runtime = new SimulatedRuntime(services.clock(), config.podCidr());
    return startNode(config, runtime);
  }

  /** A kubelet over an existing runtime (a restart of the agent). */
  Node startNode(KubeletConfig config, SimulatedRuntime runtime) {
    PodInformer informer = PodInformer.forNode(kubeletClient, config.nodeName()).start();
    Kubelet kubelet = Kubelet.start(services, config, NodeRuntime.simulated(runtime), informer);
    return new Node(kubelet, informer, runtime);
  }

  /** One running kubelet, its informer and its runtime. */
  record Node(Kubelet kubelet, PodInformer informer, SimulatedRuntime runtime) implements AutoCloseable {
    String name() {
      return kubelet.nodeName();
    }

    @Override
    public void close() {
      kubelet.close();
      informer.close();
    }
  }

  KubernetesClient client() {
    return client;
  }

  KubeletServices services() {
    return services;
  }

  Path kubeconfig() {
    return apiServer.kubeconfigFiles().getFirst();
  }

  Kubectl kubectl() {
    return Kubectl.defaultVersion(kubeconfig());
  }

  /** Creates the pod and binds it to {@code node}, as the scheduler would. */
  Pod createBound(Pod pod, String node) {
    pod.getSpec().setNodeName(null);
    String ns = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
    pod.getMetadata().setNamespace(ns);
    pod.getMetadata().setUid(null);
    pod.getMetadata().setResourceVersion(null);
    pod.setStatus(null);
    Pod created = client.pods().inNamespace(ns).resource(pod).create();
    String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + created.getMetadata().getName()
        + "\"},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"" + node + "\"}}";
    dev.ketch.kubelet.client.RawApi.send(client, "POST", "/api/v1/namespaces/" + ns + "/pods/"
        + created.getMetadata().getName() + "/binding", binding);
    return client.pods().inNamespace(ns).withName(created.getMetadata().getName()).get();
  }

  Pod pod(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  @Override
  public void close() {
    services.close();
    kubeletClient.close();
    client.close();
    apiServer.close();
    store.close();
  }
}
