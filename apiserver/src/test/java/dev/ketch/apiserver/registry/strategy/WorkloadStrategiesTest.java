package dev.ketch.apiserver.registry.strategy;

import static dev.ketch.apiserver.registry.strategy.Fixtures.at;
import static dev.ketch.apiserver.registry.strategy.Fixtures.deployment;
import static dev.ketch.apiserver.registry.strategy.Fixtures.shown;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadStrategiesTest {

  private final DeploymentStrategy deployments = new DeploymentStrategy();

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "spec.replicas, 1",
    "spec.strategy.type, RollingUpdate",
    "spec.strategy.rollingUpdate.maxUnavailable, 25%",
    "spec.strategy.rollingUpdate.maxSurge, 25%",
    "spec.revisionHistoryLimit, 10",
    "spec.progressDeadlineSeconds, 600",
    "spec.template.spec.restartPolicy, Always",
    "spec.template.spec.containers[0].imagePullPolicy, Always",
    "spec.template.spec.enableServiceLinks, <missing>",
  })
  void deploymentDefaults(String path, String expected) {
    assertThat(at(Fixtures.defaulted(deployment().build()), path)).isEqualTo(expected);
  }

  static Stream<Arguments> invalidDeployments() {
    return Stream.of(
        Arguments.of("selector does not match template",
            (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().editTemplate().editMetadata().withLabels(java.util.Map.of("app", "other")).endMetadata().endTemplate().endSpec(),
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`"),
        Arguments.of("missing selector", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withSelector(null).endSpec(),
            "spec.selector: Required value"),
        Arguments.of("empty selector", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withNewSelector().endSelector().endSpec(),
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"),
        Arguments.of("negative replicas", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withReplicas(-1).endSpec(),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        Arguments.of("restart policy Never", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().editTemplate().editSpec().withRestartPolicy("Never").endSpec().endTemplate().endSpec(),
            "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""),
        Arguments.of("no surge and no unavailability", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withNewStrategy().withType("RollingUpdate")
            .withNewRollingUpdate().withMaxSurge(new IntOrString(0)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy().endSpec(),
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"),
        Arguments.of("bad percentage", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withNewStrategy().withType("RollingUpdate")
            .withNewRollingUpdate().withMaxSurge(new IntOrString("50")).endRollingUpdate().endStrategy().endSpec(),
            "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"50\"}: a valid percent string must be a "
                + "numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"),
        Arguments.of("progress deadline below minReady", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withMinReadySeconds(30).withProgressDeadlineSeconds(10).endSpec(),
            "spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDeployments")
  void rejectsInvalidDeployments(String name, UnaryOperator<DeploymentBuilder> change, String expected) {
    Deployment d = Fixtures.defaulted(change.apply(deployment()).build());
    assertThat(shown(deployments.validate(d))).contains(expected);
  }

  @Test
  void acceptsAValidDeployment() {
    assertThat(deployments.validate(Fixtures.defaulted(deployment().build()))).isEmpty();
    assertThat(deployments.tracksGeneration()).isTrue();
  }

  @Test
  void deploymentSelectorIsImmutable() {
    Deployment old = Fixtures.defaulted(deployment().build());
    Deployment now = Fixtures.defaulted(new DeploymentBuilder(old).editSpec().editSelector().addToMatchLabels("tier", "front").endSelector()
        .editTemplate().editMetadata().addToLabels("tier", "front").endMetadata().endTemplate().endSpec().build());
    assertThat(shown(deployments.validateUpdate(now, old))).containsExactly(
        "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"front\"}, "
            + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
  }

  @Test
  void deploymentStatusUpdateKeepsSpecAndLabels() {
    Deployment old = Fixtures.defaulted(deployment().editMetadata().addToLabels("a", "1").endMetadata().build());
    Deployment now = new DeploymentBuilder(old).editMetadata().addToLabels("a", "2").endMetadata().editSpec().withReplicas(5).endSpec()
        .withNewStatus().withReplicas(3).endStatus().build();
    deployments.prepareForStatusUpdate(now, old);
    assertThat(now.getSpec().getReplicas()).isEqualTo(1);
    assertThat(now.getMetadata().getLabels()).containsEntry("a", "1");
    assertThat(now.getStatus().getReplicas()).isEqualTo(3);
  }

  private static final String STATEFUL_SET = """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: default}
      spec:
        serviceName: db
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers:
            - name: db
              image: postgres:16
              volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
        volumeClaimTemplates:
        - metadata: {name: data}
          spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
      """;

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "spec.replicas, 1",
    "spec.podManagementPolicy, OrderedReady",
    "spec.updateStrategy.type, RollingUpdate",
    "spec.updateStrategy.rollingUpdate.partition, 0",
    "spec.revisionHistoryLimit, 10",
    "spec.persistentVolumeClaimRetentionPolicy.whenDeleted, Retain",
    "spec.persistentVolumeClaimRetentionPolicy.whenScaled, Retain",
    "spec.volumeClaimTemplates[0].spec.volumeMode, Filesystem",
  })
  void statefulSetDefaults(String path, String expected) {
    StatefulSet sts = Fixtures.yaml(STATEFUL_SET, StatefulSet.class);
    new StatefulSetStrategy().applyDefaults(sts);
    assertThat(at(sts, path)).isEqualTo(expected);
  }

  @Test
  void statefulSetMountsClaimTemplatesAndForbidsOtherSpecUpdates() {
    StatefulSetStrategy s = new StatefulSetStrategy();
    StatefulSet old = Fixtures.yaml(STATEFUL_SET, StatefulSet.class);
    s.applyDefaults(old);
    assertThat(s.validate(old)).isEmpty();
    StatefulSet scaled = Fixtures.yaml(STATEFUL_SET, StatefulSet.class);
    s.applyDefaults(scaled);
    scaled.getSpec().setReplicas(3);
    assertThat(s.validateUpdate(scaled, old)).isEmpty();
    scaled.getSpec().setServiceName("other");
    assertThat(shown(s.validateUpdate(scaled, old))).containsExactly("spec: Forbidden: " + StatefulSetStrategy.UPDATE_FORBIDDEN);
    assertThat(s.validateName("db.example")).isNotEmpty();
  }

  @Test
  void daemonSetDefaultsAndTemplateGeneration() {
    DaemonSet ds = Fixtures.yaml("""
        metadata: {name: agent, namespace: kube-system}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec: {containers: [{name: agent, image: busybox}]}
        """, DaemonSet.class);
    DaemonSetStrategy s = new DaemonSetStrategy();
    s.applyDefaults(ds);
    s.prepareForCreate(ds);
    assertThat(at(ds, "spec.updateStrategy.rollingUpdate.maxUnavailable")).isEqualTo("1");
    assertThat(at(ds, "spec.updateStrategy.rollingUpdate.maxSurge")).isEqualTo("0");
    assertThat(at(ds, "spec.revisionHistoryLimit")).isEqualTo("10");
    assertThat(ds.getMetadata().getAnnotations()).containsEntry(DaemonSetStrategy.TEMPLATE_GENERATION, "1");
    assertThat(s.validate(ds)).isEmpty();
    DaemonSet changed = Parts.deepCopy(ds);
    changed.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("busybox:2");
    s.prepareForUpdate(changed, ds);
    assertThat(changed.getMetadata().getAnnotations()).containsEntry(DaemonSetStrategy.TEMPLATE_GENERATION, "2");
  }

  private static Job job(String restartPolicy) {
    return Fixtures.yaml("""
        metadata: {name: pi, namespace: default, uid: 0d5a9c5e-1111-2222-3333-444455556666}
        spec:
          template:
            spec:
              restartPolicy: %s
              containers: [{name: pi, image: perl}]
        """.formatted(restartPolicy), Job.class);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "spec.completions, 1",
    "spec.parallelism, 1",
    "spec.backoffLimit, 6",
    "spec.completionMode, NonIndexed",
    "spec.suspend, false",
    "spec.manualSelector, false",
    "spec.podReplacementPolicy, TerminatingOrFailed",
    "spec.selector.matchLabels.batch\\.kubernetes\\.io/controller-uid, <missing>",
  })
  void jobDefaults(String path, String expected) {
    Job j = job("Never");
    new JobStrategy().applyDefaults(j);
    assertThat(at(j, path)).isEqualTo(expected);
  }

  @Test
  void jobCreateGeneratesSelectorAndLabels() {
    JobStrategy s = new JobStrategy();
    Job j = job("Never");
    s.applyDefaults(j);
    s.prepareForCreate(j);
    String uid = j.getMetadata().getUid();
    assertThat(j.getSpec().getSelector().getMatchLabels()).containsExactly(java.util.Map.entry(JobStrategy.CONTROLLER_UID, uid));
    assertThat(j.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("job-name", "pi")
        .containsEntry("batch.kubernetes.io/job-name", "pi").containsEntry("controller-uid", uid).containsEntry(JobStrategy.CONTROLLER_UID, uid);
    assertThat(s.validate(j)).isEmpty();
  }

  @Test
  void jobPodsMustNotRestartAlwaysAndTemplateIsImmutable() {
    JobStrategy s = new JobStrategy();
    Job j = job("Always");
    s.applyDefaults(j);
    s.prepareForCreate(j);
    assertThat(shown(s.validate(j))).contains(
        "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"");
    Job old = job("Never");
    s.applyDefaults(old);
    s.prepareForCreate(old);
    Job changed = Parts.deepCopy(old);
    changed.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("perl:5");
    assertThat(shown(s.validateUpdate(changed, old))).containsExactly(
        "spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable");
  }

  @ParameterizedTest(name = "schedule \"{0}\"")
  @CsvSource(delimiter = '|', value = {
    "*/5 * * * *|",
    "@hourly|",
    "every minute|expected exactly 5 fields, found 2: [every minute]",
  })
  void cronJobSchedule(String schedule, String problem) {
    CronJob cj = Fixtures.yaml("""
        metadata: {name: tick, namespace: default}
        spec:
          schedule: "%s"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: c, image: busybox}]
        """.formatted(schedule), CronJob.class);
    CronJobStrategy s = new CronJobStrategy();
    s.applyDefaults(cj);
    assertThat(at(cj, "spec.concurrencyPolicy")).isEqualTo("Allow");
    assertThat(at(cj, "spec.successfulJobsHistoryLimit")).isEqualTo("3");
    assertThat(at(cj, "spec.failedJobsHistoryLimit")).isEqualTo("1");
    assertThat(at(cj, "spec.jobTemplate.spec.backoffLimit")).isEqualTo("<missing>");
    if (problem == null) {
      assertThat(s.validate(cj)).isEmpty();
    } else {
      assertThat(shown(s.validate(cj))).containsExactly("spec.schedule: Invalid value: \"" + schedule + "\": " + problem);
    }
  }
}
