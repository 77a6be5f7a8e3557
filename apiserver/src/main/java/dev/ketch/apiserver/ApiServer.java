package dev.ketch.apiserver;

import dev.ketch.apiserver.bootstrap.NodeBootstrapEndpoints;
import dev.ketch.apiserver.cache.ObjectIndexer;
import dev.ketch.apiserver.discovery.DiscoveryEndpoint;
import dev.ketch.apiserver.discovery.DiscoveryOptions;
import dev.ketch.apiserver.endpoints.ApiRouter;
import dev.ketch.apiserver.http.ApiHandler;
import dev.ketch.apiserver.http.BasicEndpoints;
import dev.ketch.apiserver.http.HttpServerConfig;
import dev.ketch.apiserver.http.HttpsServer;
import dev.ketch.apiserver.http.KubernetesVersion;
import dev.ketch.apiserver.http.StaticTokenFile;
import dev.ketch.apiserver.http.TokenAuthenticator;
import dev.ketch.apiserver.metrics.ApiMetrics;
import dev.ketch.apiserver.openapi.OpenApiDocuments;
import dev.ketch.apiserver.openapi.OpenApiEndpoint;
import dev.ketch.apiserver.openapi.OpenApiOptions;
import dev.ketch.apiserver.openapi.PatchHints;
import dev.ketch.apiserver.patch.FieldStrategy;
import dev.ketch.apiserver.patch.PatchMetadata;
import dev.ketch.apiserver.patch.Patcher;
import dev.ketch.apiserver.protobuf.ProtobufBodies;
import dev.ketch.apiserver.registry.Admission;
import dev.ketch.apiserver.registry.Registries;
import dev.ketch.apiserver.registry.RegistryHooks;
import dev.ketch.apiserver.registry.Strategies;
import dev.ketch.apiserver.registry.admission.AdmissionChain;
import dev.ketch.apiserver.registry.allocation.ClusterIpAllocator;
import dev.ketch.apiserver.registry.allocation.NodePortAllocator;
import dev.ketch.apiserver.registry.allocation.ServiceAllocations;
import dev.ketch.apiserver.registry.allocation.ServiceHooks;
import dev.ketch.apiserver.registry.strategy.BuiltInStrategies;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.review.Authorizer;
import dev.ketch.apiserver.review.Reviews;
import dev.ketch.apiserver.selection.SelectableFields;
import dev.ketch.apiserver.serviceaccount.ServiceAccountAuthenticator;
import dev.ketch.apiserver.serviceaccount.ServiceAccountTokens;
import dev.ketch.apiserver.table.TableConvertors;
import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.ClusterCredentials;
import dev.ketch.apiserver.kubelet.KubeletConnections;
import dev.ketch.apiserver.kubelet.PodStreams;
import dev.ketch.pki.Credential;
import dev.ketch.pki.JoinTokenFile;
import dev.ketch.pki.Kubeconfig;
import dev.ketch.pki.ServiceAccountKey;
import dev.ketch.pki.ServingNames;
import dev.ketch.store.KeyValueStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes API server over a {@link KeyValueStore}: registries and watch caches of every
 * built-in resource, discovery, OpenAPI, the REST endpoints, and the HTTPS front end with the
 * cluster's certificates. On start it mints (or reuses) the cluster CA, a serving certificate and
 * the admin's client certificate, the service account signing key, and writes the admin
 * kubeconfig. Bearer tokens are checked against the static token file (if any), then as service
 * account tokens.
 *
 * <p>Threads: those of its {@link Registries} and of its {@link HttpsServer}. Stop it with {@link
 * #close()}; the store is the caller's.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final Registries registries;
  private final HttpsServer http;
  private final String url;
  private final List<Path> kubeconfigs;
  private final java.util.Map<String, Long> startupPhases;

  /** Milliseconds each step of the start took, in order of the steps. */
  private static final class Phases {
    final java.util.LinkedHashMap<String, Long> millis = new java.util.LinkedHashMap<>();
    private long last = System.nanoTime();

    void end(String phase) {
      long now = System.nanoTime();
      millis.put(phase, (now - last) / 1_000_000);
      last = now;
    }
  }

  /** How long each step of the start took, in milliseconds. */
  public java.util.Map<String, Long> startupPhases() {
    return startupPhases;
  }

  private ApiServer(Registries registries, HttpsServer http, String url, List<Path> kubeconfigs,
      java.util.Map<String, Long> startupPhases) {
    this.startupPhases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(startupPhases));
    this.registries = registries;
    this.http = http;
    this.url = url;
    this.kubeconfigs = kubeconfigs;
  }

  /** Starts serving; returns once the API answers. */
  public static ApiServer start(KeyValueStore store, ApiServerConfig config, Strategies strategies, Admission admission,
      java.util.function.Function<dev.ketch.apiserver.resource.ResourceType, RegistryHooks> hooks,
      java.util.function.Consumer<Registries> beforeServing) {
    long started = System.nanoTime();
    Phases phases = new Phases();
    // Minting keys takes a while on a cold JVM; it overlaps with starting the registries.
    java.util.concurrent.CompletableFuture<Credentials> minted = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> Credentials.mint(config), runnable -> Thread.ofVirtual().name("ketch-credentials").start(runnable));
    ResourceCatalog catalog = ResourceCatalog.builtIn();
    Registries registries =
        new Registries(catalog, store, Registries.Config.defaults().with(
            strategies, admission, type -> new ObjectIndexer(SelectableFields.forResource(type)::extract), hooks));
    phases.end("registries");
    try {
      beforeServing.accept(registries);
      registries.bootstrap();
      phases.end("bootstrap");
      Credentials c = join(minted);
      ClusterCredentials credentials = c.all();
      Credential serving = c.serving();
      Credential admin = c.admin();
      phases.end("credentials");
      HttpServerConfig httpConfig = HttpServerConfig.of(config.bindAddress(), serving, List.of(credentials.ca().certificate()));
      ServiceAccountTokens serviceAccountTokens =
          new ServiceAccountTokens(c.serviceAccountKey(), ServiceAccountTokens.DEFAULT_ISSUER, List.of(), config.clock());
      TokenAuthenticator serviceAccounts = new ServiceAccountAuthenticator(serviceAccountTokens, registries);
      TokenAuthenticator staticTokens = config.tokenFile() != null ? StaticTokenFile.load(config.tokenFile()) : TokenAuthenticator.NONE;
      httpConfig = httpConfig.withTokens(token -> staticTokens.authenticate(token).or(() -> serviceAccounts.authenticate(token)));
      AtomicReference<ApiHandler> router = new AtomicReference<>();
      HttpsServer http = HttpsServer.start(httpConfig, (request, response) -> router.get().handle(request, response));
      String hostPort = config.advertisedHost() + ":" + http.port();
      phases.end("https");
      PatchMetadata patchMetadata = PatchMetadata.builtIn();
      // Built in the background: requests for OpenAPI documents wait for them, nothing else does.
      java.util.concurrent.CompletableFuture<OpenApiDocuments> documents = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> OpenApiDocuments.build(catalog, OpenApiOptions.upstream(KubernetesVersion.PRESENTED, hints(patchMetadata))),
          runnable -> Thread.ofVirtual().name("ketch-openapi-build").start(runnable));
      phases.end("patch metadata");
      ApiRouter api =
          new ApiRouter(registries, new DiscoveryEndpoint(catalog, DiscoveryOptions.of(hostPort)),
              new OpenApiEndpoint(documents, config.clock()), new TableConvertors(config.clock()),
              new Patcher(patchMetadata), new ProtobufBodies(catalog), new Reviews(Authorizer.allowAll(), config.clock()),
              new PodStreams(registries, new KubeletConnections(c.kubeletClient())), serviceAccountTokens);
      phases.end("router");
      ApiMetrics metrics = new ApiMetrics(store, registries::watchCount);
      ApiHandler served = metrics.instrument(api);
      if (config.joinTokenFile() != null) {
        JoinTokenFile joinTokens = JoinTokenFile.at(config.joinTokenFile());
        joinTokens.ensure(credentials.ca().hash(), new java.security.SecureRandom());
        served = new NodeBootstrapEndpoints(credentials.ca(), joinTokens, config.clock(), served);
      }
      router.set(new BasicEndpoints(KubernetesVersion.of(KubernetesVersion.PRESENTED, "", config.clock().instant()), served));
      KubernetesService.reconcile(registries, config.serviceCidr(), KubernetesService.defaultAdvertiseAddress(), http.port());
      String url = "https://" + hostPort;
      Kubeconfig kubeconfig = Kubeconfig.withClientCertificate(url, credentials.ca().certificate(), admin);
      for (Path file : config.kubeconfigFiles()) {
        kubeconfig.writeTo(file);
      }
      phases.end("kubeconfig");
      log.info("api server ready url={} tookMs={} phasesMs={}", url, (System.nanoTime() - started) / 1_000_000, phases.millis);
      return new ApiServer(registries, http, url, config.kubeconfigFiles(), phases.millis);
    } catch (RuntimeException e) {
      registries.close();
      throw e;
    }
  }

  /**
   * With Kubernetes' own policies: the built-in strategies of every resource, the standard
   * admission plugins, and Service IP and port allocation.
   */
  public static ApiServer start(KeyValueStore store, ApiServerConfig config) {
    ServiceAllocations allocations =
        new ServiceAllocations(new ClusterIpAllocator(config.serviceCidr(), new java.security.SecureRandom()),
            NodePortAllocator.defaultRange());
    RegistryHooks serviceHooks = new ServiceHooks(allocations);
    ApiServer server =
        start(store, config, new BuiltInStrategies(), new Admission(List.of(AdmissionChain.standard())),
            type -> type.group().isEmpty() && type.plural().equals("services") ? serviceHooks : RegistryHooks.NONE,
            registries -> {
              var services = registries.type("", "services");
              var report = allocations.rebuild(registries.list(services, "", io.fabric8.kubernetes.api.model.Service.class));
              log.info("service allocations rebuilt report={}", report);
            });
    return server;
  }

  /** The cluster CA, this server's serving certificate and the admin's client certificate. */
  private record Credentials(ClusterCredentials all, Credential serving, Credential admin, Credential kubeletClient,
      java.security.KeyPair serviceAccountKey) {
    static Credentials mint(ApiServerConfig config) {
      ClusterCredentials credentials = ClusterCredentials.open(config.tlsDir(), config.clock());
      return new Credentials(credentials,
          credentials.serving(ServingNames.forThisMachine(config.serviceCidr(), config.extraSans())),
          credentials.client("admin", ClientIdentity.ADMIN),
          credentials.client("kube-apiserver-kubelet-client", ClientIdentity.APISERVER_KUBELET_CLIENT),
          ServiceAccountKey.open(config.tlsDir()));
    }
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  private static PatchHints hints(PatchMetadata metadata) {
    return new PatchHints() {
      @Override
      public Optional<String> strategy(Class<?> owner, String jsonField) {
        return metadata.strategy(owner, jsonField).filter(s -> !s.isNone()).map(FieldStrategy::patchStrategy)
            .filter(s -> !s.isEmpty());
      }

      @Override
      public Optional<String> mergeKey(Class<?> owner, String jsonField) {
        return metadata.strategy(owner, jsonField).map(FieldStrategy::patchMergeKey).filter(k -> k != null && !k.isEmpty());
      }
    };
  }

  /** https://host:port */
  public String url() {
    return url;
  }

  public int port() {
    return http.port();
  }

  /** The kubeconfig files written, first the one in the data directory. */
  public List<Path> kubeconfigFiles() {
    return kubeconfigs;
  }

  public Registries registries() {
    return registries;
  }

  @Override
  public void close() {
    http.close();
    registries.close();
  }
}
