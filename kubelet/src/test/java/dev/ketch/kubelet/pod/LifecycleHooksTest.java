package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.action.Handler;
import dev.ketch.kubelet.action.HandlerResult;
import dev.ketch.kubelet.action.HandlerRunner;
import dev.ketch.kubelet.action.HandlerTarget;
import dev.ketch.kubelet.action.Purpose;
import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleHooksTest {

  /** Records every handler run and fails those of the purposes it is told to. */
  static final class ScriptedHandlers implements HandlerRunner {
    record Call(Purpose purpose, String container, Handler handler, Duration timeout) {}

    final List<Call> calls = new ArrayList<>();
    final List<Purpose> failing = new ArrayList<>();

    @Override
    public synchronized HandlerResult run(Purpose purpose, HandlerTarget target, Handler handler, Duration timeout) {
      calls.add(new Call(purpose, target.containerName(), handler, timeout));
      return failing.contains(purpose) ? HandlerResult.failed("connection refused") : HandlerResult.ok();
    }
  }

  @Test
  void postStartRunsAfterTheContainerStartsWithItsHttpGetResolved() {
    ScriptedHandlers handlers = new ScriptedHandlers();
    var c = TestPods.containerSpec("app", "nginx").addNewPort().withName("http").withContainerPort(8080).endPort()
        .withLifecycle(new LifecycleBuilder().withNewPostStart().withNewHttpGet().withPath("/warm").withPort(new IntOrString("http"))
            .endHttpGet().endPostStart().build()).build();
    SyncHarness h = new SyncHarness(TestPods.pod("hooked").container(c).build(), handlers);

    h.sync();

    assertThat(handlers.calls).singleElement().satisfies(call -> {
      assertThat(call.purpose()).isEqualTo(Purpose.POST_START);
      assertThat(call.handler()).isEqualTo(new Handler.HttpGet("HTTP", "10.64.0.2", 8080, "/warm", java.util.Map.of()));
    });
    assertThat(h.status("app").getState().getRunning()).isNotNull();
  }

  @Test
  void aFailingPostStartHookKillsTheContainerWhichIsThenRestarted() {
    ScriptedHandlers handlers = new ScriptedHandlers();
    handlers.failing.add(Purpose.POST_START);
    var c = TestPods.containerSpec("app", "nginx").withLifecycle(new LifecycleBuilder().withNewPostStart().withNewExec()
        .withCommand("/bin/warm").endExec().endPostStart().build()).build();
    SyncHarness h = new SyncHarness(TestPods.pod("hooked").container(c).build(), handlers);

    h.sync();

    assertThat(h.events.reasons()).containsSubsequence("Started", "FailedPostStartHook", "Killing");
    assertThat(h.status("app").getState().getWaiting().getReason()).isEqualTo("PostStartHookError");
    assertThat(h.status("app").getState().getWaiting().getMessage()).isEqualTo("connection refused");
    handlers.failing.clear();
    h.sync();
    assertThat(h.status("app").getRestartCount()).isEqualTo(1);
    assertThat(h.status("app").getState().getRunning()).isNotNull();
  }

  @Test
  void preStopRunsWithinTheGracePeriodBeforeTheContainerStops() {
    ScriptedHandlers handlers = new ScriptedHandlers();
    var c = TestPods.containerSpec("app", "nginx").withLifecycle(new LifecycleBuilder().withNewPreStop().withNewSleep(5L)
        .endPreStop().build()).build();
    SyncHarness h = new SyncHarness(TestPods.pod("hooked").container(c).build(), handlers);
    h.sync();
    h.pod.getMetadata().setDeletionTimestamp("2026-01-01T00:01:00Z");
    h.pod.getMetadata().setDeletionGracePeriodSeconds(45L);

    h.sync();

    assertThat(handlers.calls).singleElement().satisfies(call -> {
      assertThat(call.purpose()).isEqualTo(Purpose.PRE_STOP);
      assertThat(call.handler()).isEqualTo(new Handler.Sleep(Duration.ofSeconds(5)));
      assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(45));
    });
    assertThat(h.events.reasons()).containsSubsequence("Killing");
    assertThat(h.status("app").getState().getTerminated()).isNotNull();
  }

  @Test
  void aFailingPreStopHookIsReportedAndTheContainerStillStops() {
    ScriptedHandlers handlers = new ScriptedHandlers();
    handlers.failing.add(Purpose.PRE_STOP);
    var c = TestPods.containerSpec("app", "nginx").withLifecycle(new LifecycleBuilder().withNewPreStop().withNewExec()
        .withCommand("/bin/drain").endExec().endPreStop().build()).build();
    SyncHarness h = new SyncHarness(TestPods.pod("hooked").container(c).build(), handlers);
    h.sync();
    h.pod.getMetadata().setDeletionTimestamp("2026-01-01T00:01:00Z");

    h.sync();

    assertThat(h.events.withReason("FailedPreStopHook")).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("PreStopHook failed: connection refused"));
    assertThat(h.status("app").getState().getTerminated()).isNotNull();
  }
}
