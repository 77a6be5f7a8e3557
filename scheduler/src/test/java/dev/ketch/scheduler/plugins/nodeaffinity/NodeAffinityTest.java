package dev.ketch.scheduler.plugins.nodeaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PreFilterResult;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAffinityTest {

  private static final NodeAffinityPlugin PLUGIN = new NodeAffinityPlugin(new NodeAffinityArgs(null));
  private static final MakeNode NODE = MakeNode.named("n1").label("disk", "ssd").label("gen", "3").zone("a");

  static Stream<Arguments> filterCases() {
    return Stream.of(
        Arguments.of(Named.of("nodeSelector matches", MakePod.named("p").nodeSelector("disk", "ssd")), true),
        Arguments.of(Named.of("nodeSelector differs", MakePod.named("p").nodeSelector("disk", "hdd")), false),
        Arguments.of(Named.of("In", MakePod.named("p").nodeAffinityIn("topology.kubernetes.io/zone", "In", "a", "b")), true),
        Arguments.of(Named.of("NotIn", MakePod.named("p").nodeAffinityIn("topology.kubernetes.io/zone", "NotIn", "a")), false),
        Arguments.of(Named.of("Exists", MakePod.named("p").nodeAffinityIn("disk", "Exists")), true),
        Arguments.of(Named.of("DoesNotExist", MakePod.named("p").nodeAffinityIn("disk", "DoesNotExist")), false),
        Arguments.of(Named.of("Gt", MakePod.named("p").nodeAffinityIn("gen", "Gt", "2")), true),
        Arguments.of(Named.of("Lt", MakePod.named("p").nodeAffinityIn("gen", "Lt", "2")), false),
        Arguments.of(Named.of("terms are ORed", MakePod.named("p").nodeAffinityIn("gen", "Lt", "2").nodeAffinityIn("disk", "In", "ssd")),
            true),
        Arguments.of(Named.of("selector and affinity are ANDed",
            MakePod.named("p").nodeSelector("disk", "hdd").nodeAffinityIn("disk", "In", "ssd")), false),
        Arguments.of(Named.of("matchFields metadata.name", MakePod.named("p").nodeAffinityField("In", "n1")), true),
        Arguments.of(Named.of("matchFields other node", MakePod.named("p").nodeAffinityField("In", "n2")), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCases")
  void filter(MakePod pod, boolean passes) {
    CycleState state = new CycleState();
    PodInfo p = pod.info();
    PLUGIN.preFilter(state, p, List.of());
    Status s = PLUGIN.filter(state, p, NODE.info());
    assertThat(s.isSuccess()).isEqualTo(passes);
    if (!passes) {
      assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
      assertThat(s.reasons()).containsExactly("node(s) didn't match Pod's node affinity/selector");
    }
  }

  @Test
  void podsWithoutRequirementsSkipAndNodeNamesNarrowFiltering() {
    assertThat(PLUGIN.preFilter(new CycleState(), MakePod.named("p").info(), List.of()).status().isSkip()).isTrue();
    PreFilterResult r = PLUGIN.preFilter(new CycleState(), MakePod.named("p").nodeAffinityField("In", "n1", "n2").info(), List.of());
    assertThat(r.nodeNames()).isEqualTo(Set.of("n1", "n2"));
  }

  @Test
  void preferredTermsScoreTheirWeights() {
    List<NodeInfo> nodes = List.of(MakeNode.named("a").label("disk", "ssd").zone("z1").info(),
        MakeNode.named("b").label("disk", "ssd").info(), MakeNode.named("c").info());
    PodInfo pod = MakePod.named("p").preferredNodeAffinity(80, "disk", "In", "ssd").preferredNodeAffinity(20, "topology.kubernetes.io/zone",
        "Exists").info();
    CycleState state = new CycleState();
    assertThat(PLUGIN.preScore(state, pod, nodes).isSuccess()).isTrue();
    long[] scores = nodes.stream().mapToLong(n -> PLUGIN.score(state, pod, n)).toArray();
    assertThat(scores).containsExactly(100, 80, 0);
    PLUGIN.normalize(state, pod, nodes, scores);
    assertThat(scores).containsExactly(100, 80, 0);
  }

  @Test
  void addedAffinityAppliesToEveryPod() {
    var added = new NodeAffinityBuilder().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(new NodeSelectorTermBuilder().withMatchExpressions(
            new NodeSelectorRequirementBuilder().withKey("disk").withOperator("In").withValues("hdd").build()).build())
        .endRequiredDuringSchedulingIgnoredDuringExecution().build();
    NodeAffinityPlugin p = new NodeAffinityPlugin(new NodeAffinityArgs(added));
    CycleState state = new CycleState();
    PodInfo pod = MakePod.named("p").info();
    assertThat(p.preFilter(state, pod, List.of()).status().isSuccess()).isTrue();
    assertThat(p.filter(state, pod, NODE.info()).reasons()).containsExactly("node(s) didn't match scheduler-enforced node affinity");
  }
}
