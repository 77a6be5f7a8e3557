package dev.ketch.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.scheduler.plugins.InTreePlugins;
import dev.ketch.scheduler.plugins.noderesources.MostAllocated;
import dev.ketch.scheduler.plugins.noderesources.NodeResourcesFitArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigurationLoaderTest {

  private static final ConfigurationLoader LOADER = new ConfigurationLoader(InTreePlugins.registry());
  private static final String HEAD = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

  private static java.util.List<String> names(Profile p, ExtensionPoint point) {
    return p.at(point).stream().map(r -> r.name() + (point == ExtensionPoint.SCORE ? ":" + r.weight() : "")).toList();
  }

  @Test
  void defaultsAreUpstreams() {
    SchedulerConfiguration c = LOADER.defaults();
    assertThat(c.podInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.podMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
    Profile p = c.profiles().getFirst();
    assertThat(p.schedulerName()).isEqualTo("default-scheduler");
    assertThat(names(p, ExtensionPoint.QUEUE_SORT)).containsExactly("PrioritySort");
    assertThat(names(p, ExtensionPoint.FILTER)).containsExactly("NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity",
        "NodePorts", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity");
    assertThat(names(p, ExtensionPoint.SCORE)).containsExactly("TaintToleration:3", "NodeAffinity:2", "NodeResourcesFit:1",
        "PodTopologySpread:2", "InterPodAffinity:2", "NodeResourcesBalancedAllocation:1", "ImageLocality:1");
    assertThat(names(p, ExtensionPoint.POST_FILTER)).containsExactly("DefaultPreemption");
    assertThat(names(p, ExtensionPoint.BIND)).containsExactly("DefaultBinder");
  }

  @Test
  void profilesEnableDisableAndWeigh() {
    SchedulerConfiguration c = LOADER.parse(HEAD + """
        podInitialBackoffSeconds: 2
        podMaxBackoffSeconds: 20
        profiles:
        - schedulerName: default-scheduler
        - schedulerName: bin-packer
          percentageOfNodesToScore: 50
          plugins:
            score:
              disabled:
              - name: "*"
              enabled:
              - name: NodeResourcesFit
                weight: 5
            postFilter:
              disabled:
              - name: DefaultPreemption
          pluginConfig:
          - name: NodeResourcesFit
            args:
              scoringStrategy:
                type: MostAllocated
                resources:
                - name: cpu
                  weight: 2
                - name: memory
                  weight: 1
        """);
    assertThat(c.podMaxBackoff()).isEqualTo(Duration.ofSeconds(20));
    Profile packer = c.profile("bin-packer");
    assertThat(packer.percentageOfNodesToScore()).isEqualTo(50);
    assertThat(names(packer, ExtensionPoint.SCORE)).containsExactly("NodeResourcesFit:5");
    assertThat(packer.at(ExtensionPoint.POST_FILTER)).isEmpty();
    assertThat(((NodeResourcesFitArgs) packer.pluginArgs().get("NodeResourcesFit")).scoring()).isInstanceOf(MostAllocated.class);
    assertThat(names(c.profile("default-scheduler"), ExtensionPoint.POST_FILTER)).containsExactly("DefaultPreemption");
  }

  @Test
  void multiPointDisablesEverywhere() {
    Profile p = LOADER.parse(HEAD + """
        profiles:
        - plugins:
            multiPoint:
              disabled:
              - name: TaintToleration
        """).profiles().getFirst();
    assertThat(names(p, ExtensionPoint.FILTER)).doesNotContain("TaintToleration");
    assertThat(names(p, ExtensionPoint.SCORE)).doesNotContain("TaintToleration:3");
  }

  static Stream<Arguments> badConfigurations() {
    return Stream.of(
        Arguments.of(Named.of("wrong apiVersion", "apiVersion: v1\nkind: KubeSchedulerConfiguration\n"),
            "apiVersion: must be \"kubescheduler.config.k8s.io/v1\", got \"v1\""),
        Arguments.of(Named.of("unknown top-level field", HEAD + "parallelizm: 4\n"), "parallelizm: unknown field \"parallelizm\""),
        Arguments.of(Named.of("negative backoff", HEAD + "podInitialBackoffSeconds: 0\n"),
            "podInitialBackoffSeconds: must be greater than 0, got 0"),
        Arguments.of(Named.of("max backoff below initial", HEAD + "podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2\n"),
            "podMaxBackoffSeconds: must be greater than or equal to podInitialBackoffSeconds, got 2"),
        Arguments.of(Named.of("percentage out of range", HEAD + "percentageOfNodesToScore: 101\n"),
            "percentageOfNodesToScore: must be between 0 and 100, got 101"),
        Arguments.of(Named.of("unknown plugin", HEAD + "profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: Nope\n"),
            "profiles[0].plugins.filter.enabled[0].name: unknown plugin \"Nope\""),
        Arguments.of(Named.of("plugin at a point it does not implement",
            HEAD + "profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: ImageLocality\n"),
            "profiles[0].plugins.filter.enabled[0].name: plugin \"ImageLocality\" does not implement the filter extension point"),
        Arguments.of(Named.of("score weight out of range",
            HEAD + "profiles:\n- plugins:\n    score:\n      enabled:\n      - name: ImageLocality\n        weight: 0\n"),
            "profiles[0].plugins.score.enabled[0].weight: must be between 1 and 100, got 0"),
        Arguments.of(Named.of("a weight on a filter",
            HEAD + "profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: NodeName\n        weight: 3\n"),
            "profiles[0].plugins.filter.enabled[0].weight: weights only apply to score plugins"),
        Arguments.of(Named.of("no bind plugin", HEAD + "profiles:\n- plugins:\n    bind:\n      disabled:\n      - name: \"*\"\n"),
            "profiles[0].plugins.bind: at least one bind plugin must be enabled"),
        Arguments.of(Named.of("two queue sorts", HEAD + "profiles:\n- plugins:\n    queueSort:\n      disabled:\n      - name: \"*\"\n"),
            "profiles[0].plugins.queueSort: exactly one queueSort plugin must be enabled, got 0"),
        Arguments.of(Named.of("duplicate scheduler name", HEAD + "profiles:\n- schedulerName: a\n- schedulerName: a\n"),
            "profiles[1].schedulerName: duplicate value \"a\""),
        Arguments.of(Named.of("bad scoring strategy", HEAD + """
            profiles:
            - pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: Fastest
            """), "profiles[0].pluginConfig[0].args.scoringStrategy.type: unsupported value \"Fastest\": supported values: "
            + "\"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\""),
        Arguments.of(Named.of("shape out of order", HEAD + """
            profiles:
            - pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: RequestedToCapacityRatio
                    requestedToCapacityRatio:
                      shape:
                      - utilization: 50
                        score: 5
                      - utilization: 10
                        score: 1
            """), "profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: "
            + "utilization values must be sorted in increasing order, got 10 after 50"),
        Arguments.of(Named.of("unknown args field", HEAD + """
            profiles:
            - pluginConfig:
              - name: InterPodAffinity
                args:
                  hardPodAffinityWeigth: 3
            """), "profiles[0].pluginConfig[0].args.hardPodAffinityWeigth: unknown field \"hardPodAffinityWeigth\""),
        Arguments.of(Named.of("args for a plugin without any", HEAD + """
            profiles:
            - pluginConfig:
              - name: NodeName
                args:
                  x: 1
            """), "profiles[0].pluginConfig[0].args: plugin \"NodeName\" takes no arguments"),
        Arguments.of(Named.of("a string where a number goes", HEAD + "parallelism: lots\n"),
            "parallelism: must be an integer, got \"lots\""),
        Arguments.of(Named.of("not YAML", "{{{"), "not valid YAML or JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigurations")
  void malformedConfigurationsAreRefusedNamingTheField(String text, String message) {
    assertThatThrownBy(() -> LOADER.parse(text)).isInstanceOf(ConfigurationException.class).hasMessageStartingWith(message);
  }

  @Test
  void errorsFromAFileNameTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sched.yaml");
    Files.writeString(f, HEAD + "parallelism: 0\n");
    assertThatThrownBy(() -> LOADER.load(f)).isInstanceOf(ConfigurationException.class)
        .hasMessage("invalid scheduler configuration " + f + ": parallelism: must be between 1 and 1024, got 0");
  }
}
