package dev.ketch.kubelet.node;

import dev.ketch.kubelet.KubeletConfig;
import dev.ketch.kubelet.events.EventRecorder;
import dev.ketch.kubelet.events.EventType;
import dev.ketch.kubelet.events.References;
import dev.ketch.kubelet.runtime.ImageInfo;
import dev.ketch.kubelet.runtime.ImageService;
import dev.ketch.kubelet.runtime.RuntimeVersion;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The node's status, as upstream's nodestatus setters compute it: addresses, capacity and
 * allocatable, nodeInfo, daemon endpoints, images, and the conditions MemoryPressure,
 * DiskPressure, PIDPressure and Ready with upstream's reasons and messages. {@link #update} is
 * called every nodeStatusUpdateFrequency (10 s); it posts (a strategic merge patch of
 * nodes/status, conditions merged by type) only when something changed or nodeStatusReportFrequency
 * (5 min) has passed, since the Lease is the heartbeat. Condition changes are also recorded as
 * events ("Node sim-0 status is now: NodeReady").
 *
 * <p>Not thread-safe: one kubelet timer calls it.
 */
public final class NodeStatusReporter {

  /** Whether the runtime answers; empty when healthy, else why not (the Ready condition's message). */
  public interface RuntimeHealth extends Supplier<String> {}

  private static final int MAX_IMAGES = 50;

  private final KubernetesClient client;
  private final KubeletConfig config;
  private final ImageService images;
  private final Supplier<RuntimeVersion> runtimeVersion;
  private final RuntimeHealth health;
  private final Pressure pressure;
  private final EventRecorder events;
  private final Clock clock;
  private final int kubeletPort;
  private NodeStatus lastPosted;
  private Instant lastPostedAt;
  private final Map<String, NodeCondition> conditions = new HashMap<>();

  public NodeStatusReporter(KubernetesClient client, KubeletConfig config, ImageService images,
      Supplier<RuntimeVersion> runtimeVersion, RuntimeHealth health, Pressure pressure, EventRecorder events, Clock clock) {
    this(client, config, images, runtimeVersion, health, pressure, events, clock, NodeObjects.DEFAULT_KUBELET_PORT);
  }

  /** @param kubeletPort the port of the kubelet's HTTPS endpoint, reported as the Node's daemon endpoint */
  public NodeStatusReporter(KubernetesClient client, KubeletConfig config, ImageService images,
      Supplier<RuntimeVersion> runtimeVersion, RuntimeHealth health, Pressure pressure, EventRecorder events, Clock clock,
      int kubeletPort) {
    this.kubeletPort = kubeletPort;
    this.client = client;
    this.config = config;
    this.images = images;
    this.runtimeVersion = runtimeVersion;
    this.health = health;
    this.pressure = pressure;
    this.events = events;
    this.clock = clock;
  }

  /** Computes the status and posts it if needed; returns whether it posted. Throws if the API fails. */
  public boolean update() {
    Instant now = clock.instant();
    NodeStatus status = compute(now);
    boolean due = lastPostedAt == null || !now.isBefore(lastPostedAt.plus(config.nodeStatusReportFrequency()));
    if (!due && sameIgnoringHeartbeats(status, lastPosted)) {
      return false;
    }
    String json = client.getKubernetesSerialization().asJson(Map.of("status", status));
    client.nodes().withName(config.nodeName()).subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), json);
    announce(status);
    lastPosted = status;
    lastPostedAt = now;
    return true;
  }

  NodeStatus compute(Instant now) {
    String nowText = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    Pressure.Now p = pressure.now();
    String runtimeProblem = health.get();
    List<NodeCondition> list = new ArrayList<>();
    list.add(condition("MemoryPressure", p.memory(), p.memory() ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
        p.memory() ? "kubelet has insufficient memory available" : "kubelet has sufficient memory available", nowText));
    list.add(condition("DiskPressure", p.disk(), p.disk() ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
        p.disk() ? "kubelet has disk pressure" : "kubelet has no disk pressure", nowText));
    list.add(condition("PIDPressure", p.pid(), p.pid() ? "KubeletHasInsufficientPID" : "KubeletHasSufficientPID",
        p.pid() ? "kubelet has insufficient PID available" : "kubelet has sufficient PID available", nowText));
    boolean ready = runtimeProblem == null || runtimeProblem.isEmpty();
    list.add(condition("Ready", ready, ready ? "KubeletReady" : "KubeletNotReady",
        ready ? "kubelet is posting ready status" : runtimeProblem, nowText));
    NodeStatus s = new NodeStatus();
    s.setConditions(list);
    s.setAddresses(NodeObjects.addresses(config));
    s.setCapacity(config.capacity());
    s.setAllocatable(config.allocatable());
    s.setDaemonEndpoints(NodeObjects.daemonEndpoints(kubeletPort));
    s.setNodeInfo(NodeObjects.nodeInfo(config, runtimeVersion.get()));
    s.setImages(images());
    return s;
  }

  /** A condition whose lastTransitionTime moves only when its status does. */
  private NodeCondition condition(String type, boolean status, String reason, String message, String now) {
    String value = status ? "True" : "False";
    NodeCondition previous = conditions.get(type);
    String transition = previous != null && previous.getStatus().equals(value) ? previous.getLastTransitionTime() : now;
    NodeCondition c = new NodeConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
        .withLastHeartbeatTime(now).withLastTransitionTime(transition).build();
    conditions.put(type, c);
    return c;
  }

  private List<ContainerImage> images() {
    List<ImageInfo> all = new ArrayList<>(images.listImages());
    all.sort(Comparator.comparingLong(ImageInfo::size).reversed());
    List<ContainerImage> out = new ArrayList<>();
    for (ImageInfo i : all.subList(0, Math.min(MAX_IMAGES, all.size()))) {
      List<String> names = new ArrayList<>(i.repoDigests());
      names.addAll(i.repoTags());
      out.add(new ContainerImage(names, i.size()));
    }
    return out;
  }

  private void announce(NodeStatus status) {
    for (NodeCondition c : status.getConditions()) {
      NodeCondition before = lastPosted == null ? null : lastPosted.getConditions().stream()
          .filter(o -> o.getType().equals(c.getType())).findFirst().orElse(null);
      if (before != null && before.getStatus().equals(c.getStatus())) {
        continue;
      }
      String what = switch (c.getType()) {
        case "MemoryPressure" -> "True".equals(c.getStatus()) ? "NodeHasInsufficientMemory" : "NodeHasSufficientMemory";
        case "DiskPressure" -> "True".equals(c.getStatus()) ? "NodeHasDiskPressure" : "NodeHasNoDiskPressure";
        case "PIDPressure" -> "True".equals(c.getStatus()) ? "NodeHasInsufficientPID" : "NodeHasSufficientPID";
        default -> "True".equals(c.getStatus()) ? "NodeReady" : "NodeNotReady";
      };
      events.event(References.node(config.nodeName()), EventType.NORMAL, what,
          "Node " + config.nodeName() + " status is now: " + what);
    }
  }

  private static boolean sameIgnoringHeartbeats(NodeStatus a, NodeStatus b) {
    if (b == null) {
      return false;
    }
    if (a.getConditions().size() != b.getConditions().size()) {
      return false;
    }
    for (int i = 0; i < a.getConditions().size(); i++) {
      NodeCondition x = a.getConditions().get(i);
      NodeCondition y = b.getConditions().get(i);
      if (!x.getType().equals(y.getType()) || !x.getStatus().equals(y.getStatus()) || !Objects.equals(x.getReason(), y.getReason())
          || !Objects.equals(x.getMessage(), y.getMessage())) {
        return false;
      }
    }
    return Objects.equals(a.getAddresses(), b.getAddresses()) && Objects.equals(a.getCapacity(), b.getCapacity())
        && Objects.equals(a.getAllocatable(), b.getAllocatable()) && Objects.equals(a.getNodeInfo(), b.getNodeInfo())
        && Objects.equals(a.getImages(), b.getImages());
  }

  /** How long since the status was last posted, for tests. */
  Duration sinceLastPost() {
    return lastPostedAt == null ? null : Duration.between(lastPostedAt, clock.instant());
  }
}
