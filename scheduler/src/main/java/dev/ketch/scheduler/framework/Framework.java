package dev.ketch.scheduler.framework;

import dev.ketch.scheduler.config.ExtensionPoint;
import dev.ketch.scheduler.config.PluginRef;
import dev.ketch.scheduler.config.Profile;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One profile's plugins, instantiated once, and the code that runs them extension point by
 * extension point, as upstream's {@code frameworkImpl}. The scheduling thread runs one cycle at a
 * time through it; Filter and Score fan out over the {@link Parallelizer}; binding threads run
 * Permit waits, Unreserve and Bind. Thread-safe under that discipline.
 */
public final class Framework implements FilterRunner {

  private final String schedulerName;
  private final Integer percentageOfNodesToScore;
  private final Services services;
  private final QueueSortPlugin queueSort;
  private final List<PreFilterPlugin> preFilters;
  private final List<FilterPlugin> filters;
  private final List<PostFilterPlugin> postFilters;
  private final List<PreScorePlugin> preScores;
  private final List<ScorePlugin> scores;
  private final int[] scoreWeights;
  private final List<ReservePlugin> reserves;
  private final List<PermitPlugin> permits;
  private final List<BindPlugin> binds;
  private final Map<String, List<ClusterEventWithHint>> events = new LinkedHashMap<>();
  private final WaitingPods waitingPods = new WaitingPods();
  private volatile SnapshotView snapshot;

  /**
   * Instantiates the profile's plugins from the registry.
   *
   * @throws IllegalArgumentException when the profile names a plugin the registry lacks or enables
   *     one where it does not fit (the configuration loader normally refuses such profiles first)
   */
  public Framework(Profile profile, Registry registry, Services services) {
    this.schedulerName = profile.schedulerName();
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore();
    this.services = services;
    Handle handle = new FrameworkHandle();
    Map<String, Plugin> instances = new HashMap<>();
    for (ExtensionPoint point : ExtensionPoint.values()) {
      for (PluginRef ref : profile.at(point)) {
        instances.computeIfAbsent(ref.name(), name -> {
          PluginSpec<?> spec = registry.spec(name);
          if (spec == null) {
            throw new IllegalArgumentException("profile " + schedulerName + " enables unknown plugin " + name);
          }
          Object args = profile.pluginArgs().get(name);
          if (args == null && spec.args() != null) {
            args = spec.args().apply(dev.ketch.scheduler.config.ConfigNode.missing(name + ".args"));
          }
          return spec.create(args, handle);
        });
      }
    }
    List<QueueSortPlugin> sorts = pluginsAt(profile, ExtensionPoint.QUEUE_SORT, instances, QueueSortPlugin.class);
    if (sorts.size() != 1) {
      throw new IllegalArgumentException("profile " + schedulerName + " needs exactly one queueSort plugin");
    }
    this.queueSort = sorts.getFirst();
    this.preFilters = pluginsAt(profile, ExtensionPoint.PRE_FILTER, instances, PreFilterPlugin.class);
    this.filters = pluginsAt(profile, ExtensionPoint.FILTER, instances, FilterPlugin.class);
    this.postFilters = pluginsAt(profile, ExtensionPoint.POST_FILTER, instances, PostFilterPlugin.class);
    this.preScores = pluginsAt(profile, ExtensionPoint.PRE_SCORE, instances, PreScorePlugin.class);
    this.scores = pluginsAt(profile, ExtensionPoint.SCORE, instances, ScorePlugin.class);
    this.scoreWeights = profile.at(ExtensionPoint.SCORE).stream().mapToInt(r -> Math.max(1, r.weight())).toArray();
    this.reserves = pluginsAt(profile, ExtensionPoint.RESERVE, instances, ReservePlugin.class);
    this.permits = pluginsAt(profile, ExtensionPoint.PERMIT, instances, PermitPlugin.class);
    this.binds = pluginsAt(profile, ExtensionPoint.BIND, instances, BindPlugin.class);
    if (binds.isEmpty()) {
      throw new IllegalArgumentException("profile " + schedulerName + " needs at least one bind plugin");
    }
    instances.values().forEach(p -> {
      if (p instanceof EnqueueExtensions e) {
        events.put(p.name(), List.copyOf(e.eventsToRegister()));
      }
    });
  }

  private static <T> List<T> pluginsAt(Profile profile, ExtensionPoint point, Map<String, Plugin> instances, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (PluginRef ref : profile.at(point)) {
      Plugin p = instances.get(ref.name());
      if (!type.isInstance(p)) {
        throw new IllegalArgumentException("plugin " + ref.name() + " does not implement the " + point.field() + " extension point");
      }
      out.add(type.cast(p));
    }
    return List.copyOf(out);
  }

  public String schedulerName() {
    return schedulerName;
  }

  /** The profile's percentageOfNodesToScore, or null to use the configuration's. */
  public Integer percentageOfNodesToScore() {
    return percentageOfNodesToScore;
  }

  /** Sets the snapshot the current cycle works on; called by the scheduling thread. */
  public void setSnapshot(SnapshotView snapshot) {
    this.snapshot = snapshot;
  }

  public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
    return queueSort.less(a, b);
  }

  /** The events each plugin registered, by plugin name. */
  public Map<String, List<ClusterEventWithHint>> eventsToRegister() {
    return events;
  }

  public boolean hasScorePlugins() {
    return !scores.isEmpty();
  }

  public boolean hasPostFilterPlugins() {
    return !postFilters.isEmpty();
  }

  /**
   * What PreFilter found.
   *
   * @param status attributed to the plugin that rejected the pod, if one did
   * @param nodeNames the nodes worth filtering, or null for all
   * @param narrowedBy the plugins that narrowed the nodes (empty when none did)
   */
  public record PreFilterOutcome(Status status, Set<String> nodeNames, Set<String> narrowedBy) {}

  /** Runs every PreFilter; records skips in the state; stops at the first rejection or error. */
  public PreFilterOutcome runPreFilter(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
    Set<String> names = null;
    Set<String> narrowedBy = new java.util.TreeSet<>();
    for (PreFilterPlugin p : preFilters) {
      PreFilterResult r;
      try {
        r = p.preFilter(state, pod, nodes);
      } catch (RuntimeException e) {
        return new PreFilterOutcome(Status.error("running PreFilter plugin \"" + p.name() + "\": " + e.getMessage()).withPlugin(p.name()),
            null, Set.of());
      }
      if (r.status().isSkip()) {
        state.skipFilterPlugins().add(p.name());
        continue;
      }
      if (!r.status().isSuccess()) {
        return new PreFilterOutcome(r.status().withPlugin(p.name()), null, Set.of());
      }
      if (r.nodeNames() != null) {
        narrowedBy.add(p.name());
      }
      names = PreFilterResult.intersect(names, r.nodeNames());
      if (names != null && names.isEmpty()) {
        String which = String.join(" ", narrowedBy);
        return new PreFilterOutcome(Status.unresolvable("node(s) didn't satisfy plugin(s) [" + which + "] simultaneously")
            .withPlugin(p.name()), names, narrowedBy);
      }
    }
    return new PreFilterOutcome(Status.success(), names, narrowedBy);
  }

  @Override
  public Status runPreFilterAddPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node) {
    for (PreFilterPlugin p : preFilters) {
      PreFilterExtensions ext = p.extensions();
      if (ext == null || state.skipFilterPlugins().contains(p.name())) {
        continue;
      }
      Status s = ext.addPod(state, pod, added, node);
      if (!s.isSuccess()) {
        return s.withPlugin(p.name());
      }
    }
    return Status.success();
  }

  @Override
  public Status runPreFilterRemovePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node) {
    for (PreFilterPlugin p : preFilters) {
      PreFilterExtensions ext = p.extensions();
      if (ext == null || state.skipFilterPlugins().contains(p.name())) {
        continue;
      }
      Status s = ext.removePod(state, pod, removed, node);
      if (!s.isSuccess()) {
        return s.withPlugin(p.name());
      }
    }
    return Status.success();
  }

  /** Runs every Filter not skipped, stopping at the first that does not pass. */
  public Status runFilter(CycleState state, PodInfo pod, NodeInfo node) {
    for (FilterPlugin p : filters) {
      if (state.skipFilterPlugins().contains(p.name())) {
        continue;
      }
      Status s;
      try {
        s = p.filter(state, pod, node);
      } catch (RuntimeException e) {
        s = Status.error("running Filter plugin \"" + p.name() + "\": " + e.getMessage());
      }
      if (!s.isSuccess()) {
        return s.withPlugin(p.name());
      }
    }
    return Status.success();
  }

  @Override
  public Status runFilterWithNominatedPods(CycleState state, PodInfo pod, NodeInfo node) {
    // First with the nominated pods that are at least as important, then (only if there were
    // some) without: a pod must fit both when they arrive and if they never do, as upstream.
    List<PodInfo> nominated = services.nominatedPods().nominatedPodsForNode(node.name());
    if (!nominated.isEmpty()) {
      NodeInfo withNominated = null;
      CycleState stateWithNominated = null;
      for (PodInfo n : nominated) {
        if (n.priority() >= pod.priority() && !n.uid().equals(pod.uid())) {
          if (withNominated == null) {
            withNominated = node.copy();
            stateWithNominated = state.copy();
          }
          withNominated.addPod(n);
          Status s = runPreFilterAddPod(stateWithNominated, pod, n, withNominated);
          if (!s.isSuccess()) {
            return s;
          }
        }
      }
      if (withNominated != null) {
        Status s = runFilter(stateWithNominated, pod, withNominated);
        if (!s.isSuccess()) {
          return s;
        }
      }
    }
    return runFilter(state, pod, node);
  }

  /**
   * Runs PostFilter plugins until one succeeds or declares the pod unresolvable.
   *
   * @return the last result; its status message joins every plugin's message
   */
  public PostFilterResult runPostFilter(CycleState state, PodInfo pod, NodeToStatus statuses) {
    PostFilterResult last = PostFilterResult.of(Status.unschedulable());
    List<String> reasons = new ArrayList<>();
    for (PostFilterPlugin p : postFilters) {
      PostFilterResult r;
      try {
        r = p.postFilter(state, pod, statuses);
      } catch (RuntimeException e) {
        return PostFilterResult.of(Status.error(e).withPlugin(p.name()));
      }
      Status s = r.status();
      if (s.isSuccess() || s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE || s.isError()) {
        return new PostFilterResult(s.withPlugin(p.name()), r.nominatedNodeName());
      }
      reasons.addAll(s.reasons());
      last = r;
    }
    return new PostFilterResult(new Status(Status.Code.UNSCHEDULABLE, reasons, ""), last.nominatedNodeName());
  }

  /** Runs every PreScore; records skips in the state. */
  public Status runPreScore(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
    for (PreScorePlugin p : preScores) {
      Status s;
      try {
        s = p.preScore(state, pod, nodes);
      } catch (RuntimeException e) {
        s = Status.error(e);
      }
      if (s.isSkip()) {
        state.skipScorePlugins().add(p.name());
      } else if (!s.isSuccess()) {
        return s.withPlugin(p.name());
      }
    }
    return Status.success();
  }

  /**
   * Scores the nodes: each plugin's raw scores, normalized, times its weight, summed per node.
   *
   * @return the total per node, aligned with {@code nodes}
   * @throws IllegalStateException when a plugin fails
   */
  public long[] runScore(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
    int n = nodes.size();
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      if (!state.skipScorePlugins().contains(scores.get(i).name())) {
        active.add(i);
      }
    }
    long[][] raw = new long[active.size()][n];
    services.parallelizer().until(n, node -> {
      NodeInfo info = nodes.get(node);
      for (int a = 0; a < active.size(); a++) {
        ScorePlugin p = scores.get(active.get(a));
        try {
          raw[a][node] = p.score(state, pod, info);
        } catch (RuntimeException e) {
          throw new IllegalStateException("running Score plugin \"" + p.name() + "\" on node " + info.name() + ": " + e.getMessage(), e);
        }
      }
    });
    long[] total = new long[n];
    for (int a = 0; a < active.size(); a++) {
      ScorePlugin p = scores.get(active.get(a));
      if (p instanceof ScoreNormalizer normalizer) {
        normalizer.normalize(state, pod, nodes, raw[a]);
      }
      int weight = scoreWeights[active.get(a)];
      for (int i = 0; i < n; i++) {
        long s = raw[a][i];
        if (s < 0 || s > ScorePlugin.MAX_NODE_SCORE) {
          throw new IllegalStateException("plugin \"" + p.name() + "\" returns an invalid score " + s
              + ", it should be in the range of [0, 100] after normalizing");
        }
        total[i] += s * weight;
      }
    }
    return total;
  }

  /** Runs every Reserve, stopping at the first failure (the caller then runs {@link #runUnreserve}). */
  public Status runReserve(CycleState state, PodInfo pod, String nodeName) {
    for (ReservePlugin p : reserves) {
      Status s;
      try {
        s = p.reserve(state, pod, nodeName);
      } catch (RuntimeException e) {
        s = Status.error(e);
      }
      if (!s.isSuccess()) {
        return s.withPlugin(p.name());
      }
    }
    return Status.success();
  }

  /** Runs every Unreserve in reverse order. */
  public void runUnreserve(CycleState state, PodInfo pod, String nodeName) {
    for (int i = reserves.size() - 1; i >= 0; i--) {
      reserves.get(i).unreserve(state, pod, nodeName);
    }
  }

  /**
   * Runs every Permit. A plugin asking to wait registers the pod as waiting; the binding thread
   * then calls {@link #waitOnPermit}.
   *
   * @return success, WAIT, or the first rejection
   */
  public Status runPermit(CycleState state, PodInfo pod, String nodeName) {
    Map<String, Duration> waits = new HashMap<>();
    for (PermitPlugin p : permits) {
      PermitResult r;
      try {
        r = p.permit(state, pod, nodeName);
      } catch (RuntimeException e) {
        return Status.error(e).withPlugin(p.name());
      }
      if (r.status().code() == Status.Code.WAIT) {
        waits.put(p.name(), r.timeout());
      } else if (!r.status().isSuccess()) {
        return r.status().withPlugin(p.name());
      }
    }
    if (waits.isEmpty()) {
      return Status.success();
    }
    waitingPods.add(pod, waits);
    return Status.waiting("waiting on permit");
  }

  /** Blocks (on a binding thread) until a waiting pod is allowed or rejected; success when it was not held. */
  public Status waitOnPermit(PodInfo pod) {
    return waitingPods.await(pod);
  }

  /** The pod held at Permit, or null. */
  public WaitingPod waitingPod(String uid) {
    return waitingPods.get(uid);
  }

  /** Asks Bind plugins in order until one binds (or fails). */
  public Status runBind(CycleState state, PodInfo pod, String nodeName) {
    for (BindPlugin p : binds) {
      Status s;
      try {
        s = p.bind(state, pod, nodeName);
      } catch (RuntimeException e) {
        s = Status.error(e);
      }
      if (!s.isSkip()) {
        return s.withPlugin(p.name());
      }
    }
    return Status.error("no bind plugin bound the pod");
  }

  /** The handle plugins of this profile get. */
  private final class FrameworkHandle implements Handle {
    @Override
    public String schedulerName() {
      return schedulerName;
    }

    @Override
    public SnapshotView snapshot() {
      return snapshot;
    }

    @Override
    public ClusterListers listers() {
      return services.listers();
    }

    @Override
    public PodActions podActions() {
      return services.podActions();
    }

    @Override
    public EventSink events() {
      return services.events();
    }

    @Override
    public NominatedPods nominatedPods() {
      return services.nominatedPods();
    }

    @Override
    public FilterRunner filters() {
      return Framework.this;
    }

    @Override
    public Parallelizer parallelizer() {
      return services.parallelizer();
    }

    @Override
    public InstantSource clock() {
      return services.clock();
    }

    @Override
    public RandomGenerator random() {
      return services.random();
    }

    @Override
    public WaitingPod waitingPod(String uid) {
      return waitingPods.get(uid);
    }
  }
}
