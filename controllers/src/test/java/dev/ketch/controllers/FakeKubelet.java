package dev.ketch.controllers;

import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.scheduling.NodeAffinity;
import dev.ketch.controllers.scheduling.Taints;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Nodes and a kubelet for integration tests, until the real scheduler and kubelet exist: it
 * registers Node objects (Ready, with a Lease in {@code kube-node-lease} it renews), binds pending
 * pods through {@code pods/binding} (a DaemonSet pod to the node its node affinity names, others to
 * the live, Ready node with the fewest pods whose taints they tolerate and whose selector they
 * match), makes bound pods Running and Ready or lets them exit with a code as the test's {@link
 * #script} says, and finishes the deletion of pods being deleted. A {@link #silence silenced} node
 * stops renewing its Lease and its pods are left as they are, as if the machine had died.
 *
 * <p>Threads: one, {@code fake-kubelet}, ticking every 100 ms until {@link #close()}.
 */
public final class FakeKubelet implements AutoCloseable {

  /** What a pod does once it runs. */
  public sealed interface Behaviour {
    /** Runs until deleted; Ready or not. */
    record Run(boolean ready) implements Behaviour {}

    /** Exits with this code: 0 succeeds, anything else fails. */
    record Exit(int code) implements Behaviour {}

    static Behaviour run() {
      return new Run(true);
    }

    static Behaviour exit(int code) {
      return new Exit(code);
    }
  }

  private final KubernetesClient client;
  private final SharedIndexInformer<Pod> pods;
  private final Map<String, Boolean> alive = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastRenew = new ConcurrentHashMap<>();
  private final AtomicInteger ips = new AtomicInteger(1);
  private final Duration renewEvery;
  private volatile Function<Pod, Behaviour> script = p -> Behaviour.run();
  private final Thread thread;
  private volatile boolean closed;

  /** Renews leases every 500 ms. */
  public FakeKubelet(KubernetesClient client) {
    this(client, Duration.ofMillis(500));
  }

  public FakeKubelet(KubernetesClient client, Duration renewEvery) {
    this.client = client;
    this.renewEvery = renewEvery;
    this.pods = client.pods().inAnyNamespace().inform();
    this.thread = Thread.ofPlatform().name("fake-kubelet").daemon().start(this::loop);
  }

  /** Sets what each pod does when it starts (asked once per pod). */
  public FakeKubelet script(Function<Pod, Behaviour> behaviour) {
    this.script = behaviour;
    return this;
  }

  /** Registers a Ready node with its Lease; this kubelet runs its pods. */
  public Node addNode(String name, Map<String, String> labels, Taint... taints) {
    String now = now();
    Node node = client.nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux")
        .addToLabels(labels).endMetadata()
        .withNewSpec().withTaints(taints).endSpec()
        .withNewStatus()
        .withConditions(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
            condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
            condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now))
        .addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("8Gi")).addToCapacity("pods", new Quantity("110"))
        .addNewAddress().withType("InternalIP").withAddress("10.0.0." + ips.getAndIncrement()).endAddress()
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .withNewNodeInfo().withKubeletVersion("v1.32.0").withKubeProxyVersion("v1.32.0").withOsImage("Fake Linux")
        .withKernelVersion("6.1.0").withContainerRuntimeVersion("containerd://1.6.20").withOperatingSystem("linux")
        .withArchitecture("amd64").withMachineID(name).withSystemUUID(name).withBootID(name).endNodeInfo()
        .endStatus().build()).create();
    client.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder()
        .withNewMetadata().withName(name).withNamespace("kube-node-lease")
        .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(name).withUid(node.getMetadata().getUid()).endOwnerReference()
        .endMetadata()
        .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40).withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec()
        .build()).create();
    alive.put(name, true);
    lastRenew.put(name, Instant.now());
    return node;
  }

  private static NodeCondition condition(String type, String status, String reason, String message, String at) {
    return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastHeartbeatTime(at).withLastTransitionTime(at).build();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The node stops renewing its Lease and posting status, and its pods are left alone. */
  public void silence(String name) {
    alive.put(name, false);
  }

  /** The node comes back: it renews its Lease and posts Ready again. */
  public void revive(String name) {
    alive.put(name, true);
    postReady(name);
  }

  /** Deletes the node (its Lease goes with it through the garbage collector). */
  public void removeNode(String name) {
    alive.remove(name);
    client.nodes().withName(name).delete();
  }

  private void loop() {
    while (!closed) {
      try {
        renewLeases();
        if (pods.hasSynced()) {
          for (Pod p : pods.getStore().list()) {
            handle(p);
          }
        }
      } catch (RuntimeException e) {
        // A conflict or a race with a controller: the next tick tries again.
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void renewLeases() {
    for (var e : alive.entrySet()) {
      if (!e.getValue()) {
        continue;
      }
      Instant last = lastRenew.getOrDefault(e.getKey(), Instant.EPOCH);
      if (Duration.between(last, Instant.now()).compareTo(renewEvery) < 0) {
        continue;
      }
      lastRenew.put(e.getKey(), Instant.now());
      try {
        client.leases().inNamespace("kube-node-lease").withName(e.getKey())
            .edit(l -> new LeaseBuilder(l).editSpec().withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build());
      } catch (KubernetesClientException ex) {
        // Gone with its node, or a conflict: try again next time.
      }
    }
  }

  /** Posts a fresh Ready heartbeat, as a kubelet that comes back does. */
  private void postReady(String name) {
    client.nodes().withName(name).editStatus(n -> {
      String at = now();
      List<NodeCondition> conditions = new ArrayList<>();
      for (NodeCondition c : n.getStatus().getConditions()) {
        boolean ready = c.getType().equals("Ready");
        String status = ready ? "True" : "False";
        conditions.add(new NodeConditionBuilder(c).withStatus(status).withLastHeartbeatTime(at)
            .withLastTransitionTime(status.equals(c.getStatus()) ? c.getLastTransitionTime() : at)
            .withReason(ready ? "KubeletReady" : c.getReason()).build());
      }
      n.getStatus().setConditions(conditions);
      return n;
    });
  }

  private void handle(Pod pod) {
    String node = Pods.nodeName(pod);
    if (node == null) {
      if (!Pods.isTerminating(pod)) {
        bind(pod);
      }
      return;
    }
    if (!Boolean.TRUE.equals(alive.get(node))) {
      return;
    }
    if (Pods.isTerminating(pod)) {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
      return;
    }
    if (Pods.PENDING.equals(Pods.phase(pod))) {
      start(pod);
    }
  }

  private void bind(Pod pod) {
    String target = NodeAffinity.targetNodeName(pod.getSpec());
    if (target == null) {
      List<Node> candidates = new ArrayList<>();
      for (var e : alive.entrySet()) {
        Node n = client.nodes().withName(e.getKey()).get();
        if (e.getValue() && n != null && schedulable(pod, n)) {
          candidates.add(n);
        }
      }
      target = candidates.stream().min(Comparator.comparingLong(this::podsOn).thenComparing(n -> n.getMetadata().getName()))
          .map(n -> n.getMetadata().getName()).orElse(null);
    } else if (!alive.containsKey(target)) {
      return;
    }
    if (target == null) {
      return;
    }
    var binding = new BindingBuilder().withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(target).endTarget().build();
    client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + pod.getMetadata().getNamespace()
        + "/pods/" + pod.getMetadata().getName() + "/binding", "POST", binding);
  }

  private long podsOn(Node n) {
    return pods.getStore().list().stream().filter(p -> n.getMetadata().getName().equals(Pods.nodeName(p)) && Pods.isActive(p)).count();
  }

  private static boolean schedulable(Pod pod, Node node) {
    var ready = node.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
    if (ready.isEmpty() || !"True".equals(ready.get().getStatus()) || Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return false;
    }
    return NodeAffinity.matches(pod.getSpec(), node)
        && Taints.firstUntolerated(node.getSpec().getTaints(), pod.getSpec().getTolerations(), Taints::blocksScheduling) == null;
  }

  private void start(Pod pod) {
    Behaviour b = script.apply(pod);
    String at = now();
    Pod p = Pods.copy(pod);
    var status = p.getStatus();
    status.setHostIP("10.0.0.1");
    status.setPodIP("10.42.0." + (ips.getAndIncrement() % 250 + 2));
    status.setStartTime(at);
    List<ContainerStatus> containers = new ArrayList<>();
    List<PodCondition> conditions = new ArrayList<>(List.of(podCondition("PodScheduled", "True", at),
        podCondition("Initialized", "True", at)));
    if (b instanceof Behaviour.Exit exit) {
      status.setPhase(exit.code() == 0 ? "Succeeded" : "Failed");
      for (var c : p.getSpec().getContainers()) {
        containers.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(false).withRestartCount(0)
            .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exit.code())
                .withReason(exit.code() == 0 ? "Completed" : "Error").withStartedAt(at).withFinishedAt(at).endTerminated().build())
            .build());
      }
      conditions.add(podCondition("ContainersReady", "False", at));
      conditions.add(podCondition("Ready", "False", at));
    } else {
      boolean ready = ((Behaviour.Run) b).ready();
      status.setPhase("Running");
      for (var c : p.getSpec().getContainers()) {
        containers.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(ready).withStarted(true)
            .withRestartCount(0).withState(new ContainerStateBuilder().withNewRunning().withStartedAt(at).endRunning().build()).build());
      }
      conditions.add(podCondition("ContainersReady", ready ? "True" : "False", at));
      conditions.add(podCondition("Ready", ready ? "True" : "False", at));
    }
    status.setContainerStatuses(containers);
    status.setConditions(conditions);
    client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).updateStatus();
  }

  /** Makes a running pod Ready (for pods started not ready). */
  public void makeReady(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
      String at = now();
      for (PodCondition c : p.getStatus().getConditions()) {
        if (c.getType().equals("Ready") || c.getType().equals("ContainersReady")) {
          c.setStatus("True");
          c.setLastTransitionTime(at);
        }
      }
      p.getStatus().getContainerStatuses().forEach(s -> s.setReady(true));
      return p;
    });
  }

  private static PodCondition podCondition(String type, String status, String at) {
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(at).build();
  }

  /** Whether the node is one of this kubelet's and alive. */
  public boolean isAlive(String node) {
    return Objects.equals(alive.get(node), true);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pods.close();
  }
}
