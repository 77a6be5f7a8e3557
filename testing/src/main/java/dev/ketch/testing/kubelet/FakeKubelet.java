package dev.ketch.testing.kubelet;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the scheduler and kubelets in tests, until they exist: it binds every unbound pod
 * to one of its node names (round robin, through {@code pods/binding}), then writes the pod's
 * status as a kubelet would (through {@code pods/status}): Running, a pod IP, started and ready
 * containers, and the PodScheduled, Initialized, ContainersReady and Ready conditions — Ready
 * after {@code readyAfter}, and only for pods {@code becomesReady} accepts (the others stay
 * Running and not ready until {@link #setReady} is called). A pod being deleted is deleted at once
 * with a grace period of zero, as a kubelet does once its containers have stopped. Each node it
 * created has a Lease in {@code kube-node-lease}, renewed every 10 seconds as a kubelet's, so the
 * node lifecycle controller sees the nodes alive.
 *
 * <p>Only the API is used, like any client. Threads: fabric8's informer threads, one scheduler
 * thread and virtual threads for requests, all stopped by {@link #close()}.
 */
public final class FakeKubelet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FakeKubelet.class);
  private static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
  private static final Duration LEASE_RENEWAL = Duration.ofSeconds(10);

  /**
   * @param nodeNames the nodes pods are bound to, round robin
   * @param readyAfter how long after its status is first written a pod turns ready
   * @param becomesReady which pods turn ready by themselves
   * @param concurrency requests in flight at once
   */
  public record Config(List<String> nodeNames, Duration readyAfter, Predicate<Pod> becomesReady, int concurrency) {
    public Config {
      nodeNames = List.copyOf(nodeNames);
      if (nodeNames.isEmpty()) {
        throw new IllegalArgumentException("at least one node name");
      }
      Objects.requireNonNull(readyAfter, "readyAfter");
      Objects.requireNonNull(becomesReady, "becomesReady");
    }

    /** {@code nodes} nodes named {@code node-0…}, pods ready at once, 16 requests in flight. */
    public static Config nodes(int nodes) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        names.add("node-" + i);
      }
      return new Config(names, Duration.ZERO, p -> true, 16);
    }

    public Config withReadyAfter(Duration d) {
      return new Config(nodeNames, d, becomesReady, concurrency);
    }

    public Config withBecomesReady(Predicate<Pod> p) {
      return new Config(nodeNames, readyAfter, p, concurrency);
    }

    public Config withConcurrency(int n) {
      return new Config(nodeNames, readyAfter, becomesReady, n);
    }
  }

  private final KubernetesClient client;
  private final Config config;
  private final SharedIndexInformer<Pod> informer;
  private final ScheduledExecutorService timer;
  private final java.util.concurrent.ExecutorService requests;
  private final java.util.concurrent.Semaphore inFlight;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Map<String, Boolean> readiness = new ConcurrentHashMap<>();
  private final Map<String, Instant> runningSince = new ConcurrentHashMap<>();
  private final AtomicInteger nextNode = new AtomicInteger();
  private final AtomicInteger nextIp = new AtomicInteger(1);
  private final AtomicLong writes = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean renewing = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closed;

  private FakeKubelet(KubernetesClient client, Config config) {
    this.client = client;
    this.config = config;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("fake-kubelet-timer").daemon().unstarted(r));
    this.requests = Executors.newVirtualThreadPerTaskExecutor();
    this.inFlight = new java.util.concurrent.Semaphore(config.concurrency());
    this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueue(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        enqueue(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        readiness.remove(key(pod));
        runningSince.remove(key(pod));
      }
    }, 0);
  }

  /** Starts watching pods with {@code client}, which stays the caller's to close. */
  public static FakeKubelet start(KubernetesClient client, Config config) {
    return new FakeKubelet(client, config);
  }

  /** Creates a Ready Node object for each node name (110 pods, 8 CPUs, 32 GiB each), skipping existing ones. */
  public void createNodes() {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    for (String name : config.nodeNames()) {
      if (client.nodes().withName(name).get() != null) {
        continue;
      }
      Map<String, Quantity> capacity = Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"), "pods", new Quantity("110"));
      // Registered with its status in one request, as a kubelet does: a later status write could
      // conflict with the node controllers' first changes (its pod CIDR).
      Node node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
          .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux").endMetadata()
          .withNewSpec().endSpec()
          .withStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().withCapacity(capacity).withAllocatable(capacity)
              .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").withMessage("fake kubelet is posting ready status")
              .withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
              .addNewAddress().withType("InternalIP").withAddress(hostIp(name)).endAddress().build())
          .build()).create();
      client.leases().inNamespace(NODE_LEASE_NAMESPACE).resource(new LeaseBuilder()
          .withNewMetadata().withName(name).withNamespace(NODE_LEASE_NAMESPACE)
          .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(name).withUid(node.getMetadata().getUid()).endOwnerReference()
          .endMetadata()
          .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40).withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec()
          .build()).create();
    }
    if (renewing.compareAndSet(false, true)) {
      timer.scheduleAtFixedRate(() -> requests.execute(this::renewLeases), LEASE_RENEWAL.toMillis(), LEASE_RENEWAL.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Moves every node Lease's renewTime to now, within the request limit, as kubelets do. */
  private void renewLeases() {
    String patch = "{\"spec\":{\"renewTime\":\"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\"}}";
    for (String name : config.nodeNames()) {
      if (closed) {
        return;
      }
      inFlight.acquireUninterruptibly();
      requests.execute(() -> {
        try {
          client.leases().inNamespace(NODE_LEASE_NAMESPACE).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
          writes.incrementAndGet();
        } catch (KubernetesClientException e) {
          log.atDebug().addKeyValue("node", name).log("node lease not renewed: {}", e.getMessage());
        } finally {
          inFlight.release();
        }
      });
    }
  }

  /** Makes pod {@code namespace/name} ready or not ready (overriding {@code becomesReady}). */
  public void setReady(String namespace, String name, boolean ready) {
    readiness.put(namespace + "/" + name, ready);
    Pod pod = informer.getIndexer().getByKey(namespace + "/" + name);
    if (pod != null) {
      enqueue(pod);
    }
  }

  /** Status and binding writes made so far. */
  public long writes() {
    return writes.get();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private void enqueue(Pod pod) {
    if (closed || !needsWork(pod)) {
      return;
    }
    String key = key(pod);
    if (queued.add(key)) {
      requests.execute(() -> work(key));
    }
  }

  private boolean needsWork(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
      return true;
    }
    PodStatus s = pod.getStatus();
    if (s == null || !"Running".equals(s.getPhase())) {
      return true;
    }
    return isReady(pod) != wantsReady(pod, Instant.now());
  }

  private boolean wantsReady(Pod pod, Instant now) {
    Boolean forced = readiness.get(key(pod));
    if (forced != null) {
      return forced;
    }
    if (!config.becomesReady().test(pod)) {
      return false;
    }
    Instant since = runningSince.get(key(pod));
    return since == null ? config.readyAfter().isZero() : !since.plus(config.readyAfter()).isAfter(now);
  }

  private static boolean isReady(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void work(String key) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      queued.remove(key);
      Pod pod = informer.getIndexer().getByKey(key);
      if (pod == null || closed) {
        return;
      }
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
      } else if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
        bind(pod);
      } else {
        writeStatus(pod);
      }
      writes.incrementAndGet();
    } catch (KubernetesClientException e) {
      // Conflicts and pods gone meanwhile: the informer's next event brings the pod back if needed.
      log.debug("fake kubelet request failed pod={}: {}", key, e.getMessage());
      if (e.getCode() != 404 && !closed) {
        timer.schedule(() -> requeue(key), 100, TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException e) {
      log.warn("fake kubelet request failed pod={}: {}", key, e.toString());
    } finally {
      inFlight.release();
    }
  }

  private void requeue(String key) {
    Pod pod = informer.getIndexer().getByKey(key);
    if (pod != null) {
      enqueue(pod);
    }
  }

  private void bind(Pod pod) {
    String node = config.nodeNames().get(Math.floorMod(nextNode.getAndIncrement(), config.nodeNames().size()));
    Binding binding = new BindingBuilder().withNewMetadata().withName(pod.getMetadata().getName())
        .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid()).endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build();
    post("/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName() + "/binding", binding);
  }

  private void post(String path, Object body) {
    HttpClient http = client.getHttpClient();
    String base = client.getMasterUrl().toString();
    String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    HttpRequest request = http.newHttpRequestBuilder().uri(url)
        .post("application/json", client.getKubernetesSerialization().asJson(body)).build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new KubernetesClientException("POST " + path + " failed: " + e, e);
    }
    if (!response.isSuccessful()) {
      throw new KubernetesClientException("POST " + path + ": " + response.code() + " " + response.body(), response.code(), null);
    }
  }

  private void writeStatus(Pod pod) {
    Instant now = Instant.now();
    String key = key(pod);
    runningSince.putIfAbsent(key, now);
    boolean ready = wantsReady(pod, now);
    String ts = now.truncatedTo(ChronoUnit.SECONDS).toString();
    PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String podIp = old.getPodIP() != null ? old.getPodIP() : nextPodIp();
    String start = old.getStartTime() != null ? old.getStartTime() : ts;
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
          .withImageID("fake://" + c.getImage()).withContainerID("fake://" + pod.getMetadata().getUid() + "/" + c.getName())
          .withReady(ready).withStarted(true).withRestartCount(0)
          .withNewState().withNewRunning().withStartedAt(start).endRunning().endState().build());
    }
    String readyStatus = ready ? "True" : "False";
    List<PodCondition> conditions = List.of(
        condition(old, "PodReadyToStartContainers", "True", ts),
        condition(old, "Initialized", "True", ts),
        condition(old, "Ready", readyStatus, ts),
        condition(old, "ContainersReady", readyStatus, ts),
        condition(old, "PodScheduled", "True", ts));
    PodStatus status = new PodStatus();
    status.setPhase("Running");
    status.setHostIP(hostIp(pod.getSpec().getNodeName()));
    status.setHostIPs(List.of(new io.fabric8.kubernetes.api.model.HostIP(hostIp(pod.getSpec().getNodeName()))));
    status.setPodIP(podIp);
    status.setPodIPs(List.of(new PodIP(podIp)));
    status.setStartTime(start);
    status.setQosClass(old.getQosClass() == null ? "BestEffort" : old.getQosClass());
    status.setConditions(conditions);
    status.setContainerStatuses(containers);
    Pod updated = new PodBuilder(pod).withStatus(status).build();
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
    if (!ready && wantsReadyLater(pod)) {
      Duration wait = Duration.between(now, runningSince.get(key).plus(config.readyAfter()));
      timer.schedule(() -> requeue(key), Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    }
  }

  private boolean wantsReadyLater(Pod pod) {
    Boolean forced = readiness.get(key(pod));
    return forced == null && config.becomesReady().test(pod) && !config.readyAfter().isZero();
  }

  /** A condition, keeping its last transition time when its status does not change. */
  private static PodCondition condition(PodStatus old, String type, String status, String now) {
    String since = now;
    if (old.getConditions() != null) {
      for (PodCondition c : old.getConditions()) {
        if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
          since = c.getLastTransitionTime();
        }
      }
    }
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(status);
    c.setLastTransitionTime(since);
    return c;
  }

  private String nextPodIp() {
    int n = nextIp.getAndIncrement();
    return "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }

  private static String hostIp(String node) {
    int h = Math.floorMod(node.hashCode(), 65_000) + 1;
    return "192.168." + (h >> 8) + "." + (h & 0xff);
  }

  /** Names of the nodes pods are bound to. */
  public List<String> nodeNames() {
    return config.nodeNames();
  }

  /** Pods currently known (for tests that look at where pods went). */
  public Set<String> knownPods() {
    return new LinkedHashSet<>(informer.getIndexer().listKeys());
  }

  @Override
  public void close() {
    closed = true;
    informer.stop();
    timer.shutdownNow();
    requests.shutdownNow();
    try {
      requests.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
