package dev.ketch.controllers;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.controllers.manager.ControllerManager;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.controllers.manager.KubeClients;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * An API server over an in-memory store, a controller manager talking to it through its admin
 * kubeconfig, and a separate client for the test, as a user would have.
 */
public final class TestCluster implements AutoCloseable {

  private final EmbeddedStore store;
  private final ApiServer apiServer;
  private final ControllerManager manager;
  private final KubernetesClient client;

  private TestCluster(EmbeddedStore store, ApiServer apiServer, ControllerManager manager, KubernetesClient client) {
    this.store = store;
    this.apiServer = apiServer;
    this.manager = manager;
    this.client = client;
  }

  public static TestCluster start(Path dir) {
    return start(dir, ControllerManagerConfig.defaults());
  }

  public static TestCluster start(Path dir, ControllerManagerConfig config) {
    EmbeddedStore store = EmbeddedStore.inMemory();
    ApiServer api = null;
    ControllerManager manager = null;
    try {
      api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
      manager = ControllerManager.start(api.kubeconfigFiles().getFirst(), config);
      KubernetesClient client = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst());
      return new TestCluster(store, api, manager, client);
    } catch (RuntimeException e) {
      if (manager != null) {
        manager.close();
      }
      if (api != null) {
        api.close();
      }
      store.close();
      throw e;
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public ControllerManager manager() {
    return manager;
  }

  public Path kubeconfig() {
    return apiServer.kubeconfigFiles().getFirst();
  }

  /** Creates a namespace as a user would; the API server gives it the {@code kubernetes} finalizer. */
  public Namespace createNamespace(String name) {
    return client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  /** A reference to {@code owner} as its controller would write it. */
  public static OwnerReference ownerReference(HasMetadata owner, boolean blockOwnerDeletion) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(blockOwnerDeletion)
        .build();
  }

  @Override
  public void close() {
    client.close();
    manager.close();
    apiServer.close();
    store.close();
  }
}
