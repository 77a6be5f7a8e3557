package dev.ketch.scheduler.testing;

import dev.ketch.scheduler.cache.Snapshot;
import dev.ketch.scheduler.framework.ClusterListers;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EventSink;
import dev.ketch.scheduler.framework.FilterRunner;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.NominatedPods;
import dev.ketch.scheduler.framework.Parallelizer;
import dev.ketch.scheduler.framework.PodActions;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.SnapshotView;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.framework.WaitingPod;
import dev.ketch.scheduler.queue.Nominator;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A handle over fakes and a snapshot of given nodes, for constructing plugins directly. */
public final class TestHandle implements Handle {

  public final FakeListers listers = new FakeListers();
  public final RecordingPodActions actions = new RecordingPodActions();
  public final RecordingEvents events = new RecordingEvents();
  public final Nominator nominator = new Nominator();
  public final MutableClock clock = MutableClock.atEpoch();
  private Snapshot snapshot = Snapshot.of(List.of());

  public static TestHandle of(NodeInfo... nodes) {
    return new TestHandle().nodes(List.of(nodes));
  }

  public TestHandle nodes(List<NodeInfo> nodes) {
    snapshot = Snapshot.of(nodes);
    return this;
  }

  public List<NodeInfo> nodes() {
    return snapshot.nodes();
  }

  @Override
  public String schedulerName() {
    return "default-scheduler";
  }

  @Override
  public SnapshotView snapshot() {
    return snapshot;
  }

  @Override
  public ClusterListers listers() {
    return listers;
  }

  @Override
  public PodActions podActions() {
    return actions;
  }

  @Override
  public EventSink events() {
    return events;
  }

  @Override
  public NominatedPods nominatedPods() {
    return nominator;
  }

  @Override
  public FilterRunner filters() {
    return new FilterRunner() {
      @Override
      public Status runFilterWithNominatedPods(CycleState state, PodInfo pod, NodeInfo node) {
        throw new UnsupportedOperationException("use TestFramework for plugins that run filters");
      }

      @Override
      public Status runPreFilterAddPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node) {
        return Status.success();
      }

      @Override
      public Status runPreFilterRemovePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node) {
        return Status.success();
      }
    };
  }

  @Override
  public Parallelizer parallelizer() {
    return Parallelizer.inline();
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public RandomGenerator random() {
    return new SplittableRandom(7);
  }

  @Override
  public WaitingPod waitingPod(String uid) {
    return null;
  }
}
