package dev.ketch.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusManagerTest {

  private final StatusManager manager = new StatusManager(null);

  @Test
  void anUnchangedStatusIsNotWritten() {
    var pod = TestPods.pod("p").container("c", "nginx").build();

    assertThat(manager.needsWrite(pod, new PodStatusBuilder(pod.getStatus()).build())).isFalse();
    assertThat(manager.needsWrite(pod, new PodStatusBuilder(pod.getStatus()).withPhase("Running").build())).isTrue();
  }

  @Test
  void onAConflictTheLatestPodsConditionsOfOtherOwnersAreKept() {
    PodStatus ours = new PodStatusBuilder().withConditions(condition("Ready", "True"), condition("PodScheduled", "True")).build();
    PodStatus latest = new PodStatusBuilder().withConditions(condition("DisruptionTarget", "True"), condition("Ready", "False"))
        .build();

    PodStatus merged = StatusManager.keepOthersConditions(ours, latest);

    assertThat(merged.getConditions()).extracting(PodCondition::getType, PodCondition::getStatus).containsExactly(
        org.assertj.core.groups.Tuple.tuple("DisruptionTarget", "True"), org.assertj.core.groups.Tuple.tuple("Ready", "True"),
        org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"));
    assertThat(ours.getConditions()).hasSize(2);
  }

  private static PodCondition condition(String type, String status) {
    return new PodConditionBuilder().withType(type).withStatus(status).build();
  }

}
