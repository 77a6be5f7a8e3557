package dev.ketch.scheduler.testing;

import dev.ketch.scheduler.cache.Snapshot;
import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.config.Profile;
import dev.ketch.scheduler.config.SchedulerConfiguration;
import dev.ketch.scheduler.framework.Framework;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.Parallelizer;
import dev.ketch.scheduler.framework.Services;
import dev.ketch.scheduler.plugins.InTreePlugins;
import dev.ketch.scheduler.queue.Nominator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A profile's framework over fakes: fake listers, recorded API writes and events, a nominator, an
 * inline parallelizer, a fixed clock and a seeded random; with a snapshot of the given nodes.
 */
public final class TestFramework {

  public final FakeListers listers = new FakeListers();
  public final RecordingPodActions actions = new RecordingPodActions();
  public final RecordingEvents events = new RecordingEvents();
  public final Nominator nominator = new Nominator();
  public final MutableClock clock = MutableClock.atEpoch();
  public final Framework framework;
  public Snapshot snapshot;

  private TestFramework(Profile profile) {
    Services services = new Services(listers, actions, events, nominator, Parallelizer.inline(), clock, new SplittableRandom(42));
    this.framework = new Framework(profile, InTreePlugins.registry(), services);
  }

  /** The default profile. */
  public static TestFramework defaults() {
    return new TestFramework(new ConfigurationLoader(InTreePlugins.registry()).defaults().profiles().getFirst());
  }

  /** A profile from a configuration document. */
  public static TestFramework of(String configuration) {
    SchedulerConfiguration c = new ConfigurationLoader(InTreePlugins.registry()).parse(configuration);
    return new TestFramework(c.profiles().getFirst());
  }

  /** Sets the nodes the cycle sees. */
  public TestFramework nodes(List<NodeInfo> nodes) {
    snapshot = Snapshot.of(nodes);
    framework.setSnapshot(snapshot);
    return this;
  }
}
