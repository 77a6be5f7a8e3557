package dev.ketch.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.config.Profile;
import dev.ketch.scheduler.queue.Nominator;
import dev.ketch.scheduler.testing.FakeListers;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.MutableClock;
import dev.ketch.scheduler.testing.RecordingEvents;
import dev.ketch.scheduler.testing.RecordingPodActions;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The framework running test plugins registered next to the in-tree ones. */
class FrameworkTest {

  private static final List<String> CALLS = new CopyOnWriteArrayList<>();

  /** Rejects nodes whose name starts with "bad". */
  public static final class NoBad implements FilterPlugin, ReservePlugin {
    @Override
    public String name() {
      return "NoBad";
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
      return node.name().startsWith("bad") ? Status.unschedulable("node(s) were bad") : Status.success();
    }

    @Override
    public Status reserve(CycleState state, PodInfo pod, String nodeName) {
      CALLS.add("reserve NoBad");
      return Status.success();
    }

    @Override
    public void unreserve(CycleState state, PodInfo pod, String nodeName) {
      CALLS.add("unreserve NoBad");
    }
  }

  /** Scores a node by the number in its name; normalizes by reversing. */
  public static final class ByNumber implements ScoreNormalizer, PreFilterPlugin, ReservePlugin {
    @Override
    public String name() {
      return "ByNumber";
    }

    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
      return PreFilterResult.of(pod.labels().containsKey("skip") ? Status.skip() : Status.success());
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
      return Long.parseLong(node.name().replaceAll("\\D", ""));
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
      ScoreNormalizer.defaultNormalize(scores, true);
    }

    @Override
    public Status reserve(CycleState state, PodInfo pod, String nodeName) {
      CALLS.add("reserve ByNumber");
      return pod.labels().containsKey("refuse") ? Status.unschedulable("no room in the ledger") : Status.success();
    }

    @Override
    public void unreserve(CycleState state, PodInfo pod, String nodeName) {
      CALLS.add("unreserve ByNumber");
    }
  }

  /** Holds pods labelled "gang" for 10 seconds. */
  public static final class Gang implements PermitPlugin {
    @Override
    public String name() {
      return "Gang";
    }

    @Override
    public PermitResult permit(CycleState state, PodInfo pod, String nodeName) {
      return pod.labels().containsKey("gang") ? PermitResult.waitFor(Duration.ofSeconds(10)) : PermitResult.allow();
    }
  }

  /** Binds nothing: always skips. */
  public static final class Shy implements BindPlugin {
    @Override
    public String name() {
      return "Shy";
    }

    @Override
    public Status bind(CycleState state, PodInfo pod, String nodeName) {
      CALLS.add("bind Shy");
      return Status.skip();
    }
  }

  private final RecordingPodActions actions = new RecordingPodActions();

  private Framework framework(String plugins) {
    Registry registry = dev.ketch.scheduler.plugins.InTreePlugins.registry()
        .register(PluginSpec.of("NoBad", NoBad.class, h -> new NoBad()))
        .register(PluginSpec.of("ByNumber", ByNumber.class, h -> new ByNumber()))
        .register(PluginSpec.of("Gang", Gang.class, h -> new Gang()))
        .register(PluginSpec.of("Shy", Shy.class, h -> new Shy()));
    Profile p = new ConfigurationLoader(registry).parse("apiVersion: kubescheduler.config.k8s.io/v1\n"
        + "kind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n" + plugins).profiles().getFirst();
    Services s = new Services(new FakeListers(), actions, new RecordingEvents(), new Nominator(), Parallelizer.inline(),
        MutableClock.atEpoch(), new SplittableRandom(1));
    CALLS.clear();
    Framework f = new Framework(p, registry, s);
    f.setSnapshot(dev.ketch.scheduler.cache.Snapshot.of(List.of()));
    return f;
  }

  @Test
  void filtersStopAtTheFirstRejectionAndNameIt() {
    Framework f = framework("""
            multiPoint:
              enabled:
              - name: NoBad
        """);
    PodInfo pod = MakePod.named("p").info();
    CycleState state = new CycleState();
    f.runPreFilter(state, pod, List.of());
    Status s = f.runFilter(state, pod, MakeNode.named("bad1").taint("k", "v", "NoSchedule").info());
    assertThat(s.plugin()).isEqualTo("TaintToleration");
    s = f.runFilter(state, pod, MakeNode.named("bad1").info());
    assertThat(s.plugin()).isEqualTo("NoBad");
    assertThat(s.reasons()).containsExactly("node(s) were bad");
  }

  @Test
  void scoresAreNormalizedWeightedAndSummed() {
    Framework f = framework("""
            score:
              disabled:
              - name: "*"
              enabled:
              - name: ByNumber
                weight: 3
        """);
    List<NodeInfo> nodes = List.of(MakeNode.named("n1").info(), MakeNode.named("n2").info(), MakeNode.named("n4").info());
    CycleState state = new CycleState();
    f.runPreFilter(state, MakePod.named("p").info(), nodes);
    assertThat(f.runScore(state, MakePod.named("p").info(), nodes)).containsExactly(225, 150, 0);
  }

  @Test
  void aPreFilterSkipSkipsNothingButItsOwnFilter() {
    Framework f = framework("""
            multiPoint:
              enabled:
              - name: ByNumber
        """);
    CycleState state = new CycleState();
    f.runPreFilter(state, MakePod.named("p").label("skip", "y").info(), List.of());
    assertThat(state.skipFilterPlugins()).contains("ByNumber");
    CycleState other = new CycleState();
    f.runPreFilter(other, MakePod.named("p").info(), List.of());
    assertThat(other.skipFilterPlugins()).doesNotContain("ByNumber").contains("NodePorts", "VolumeBinding");
  }

  @Test
  void aFailedReserveIsUndoneInReverseOrder() {
    Framework f = framework("""
            reserve:
              enabled:
              - name: NoBad
              - name: ByNumber
        """);
    PodInfo pod = MakePod.named("p").label("refuse", "y").info();
    Status s = f.runReserve(new CycleState(), pod, "n1");
    assertThat(s.plugin()).isEqualTo("ByNumber");
    f.runUnreserve(new CycleState(), pod, "n1");
    assertThat(CALLS).containsExactly("reserve NoBad", "reserve ByNumber", "unreserve ByNumber", "unreserve NoBad");
  }

  @Test
  void permitHoldsAPodUntilAllowed() throws Exception {
    Framework f = framework("""
            permit:
              enabled:
              - name: Gang
        """);
    PodInfo pod = MakePod.named("p").label("gang", "g").info();
    assertThat(f.runPermit(new CycleState(), pod, "n1").code()).isEqualTo(Status.Code.WAIT);
    CompletableFuture<Status> waited = CompletableFuture.supplyAsync(() -> f.waitOnPermit(pod));
    f.waitingPod(pod.uid()).allow("Gang");
    assertThat(waited.get().isSuccess()).isTrue();
    assertThat(f.waitingPod(pod.uid())).isNull();
  }

  @Test
  void permitRejectionComesBackToTheWaiter() throws Exception {
    Framework f = framework("""
            permit:
              enabled:
              - name: Gang
        """);
    PodInfo pod = MakePod.named("p").label("gang", "g").info();
    f.runPermit(new CycleState(), pod, "n1");
    f.waitingPod(pod.uid()).reject("Gang", "the gang is incomplete");
    Status s = f.waitOnPermit(pod);
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE);
    assertThat(s.reasons()).containsExactly("the gang is incomplete");
    assertThat(f.waitOnPermit(MakePod.named("free").info()).isSuccess()).isTrue();
  }

  @Test
  void bindPluginsAreAskedUntilOneBinds() {
    Framework f = framework("""
            bind:
              disabled:
              - name: "*"
              enabled:
              - name: Shy
              - name: DefaultBinder
        """);
    Status s = f.runBind(new CycleState(), MakePod.named("p").info(), "n1");
    assertThat(s.isSuccess()).isTrue();
    assertThat(s.plugin()).isEqualTo("DefaultBinder");
    assertThat(CALLS).containsExactly("bind Shy");
    assertThat(actions.calls).containsExactly("bind default/p n1");
  }

  @Test
  void pluginsRegisterTheEventsThatCanHelp() {
    Framework f = framework("");
    assertThat(f.eventsToRegister()).containsKeys("NodeResourcesFit", "TaintToleration", "NodeAffinity", "InterPodAffinity",
        "PodTopologySpread", "NodePorts", "VolumeBinding");
  }
}
