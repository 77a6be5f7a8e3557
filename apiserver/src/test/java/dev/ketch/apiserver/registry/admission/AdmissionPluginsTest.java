package dev.ketch.apiserver.registry.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.registry.AdmissionRequest;
import dev.ketch.apiserver.registry.AdmissionRequest.Operation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionPluginsTest {

  private static PodBuilder pod() {
    return new PodBuilder().withNewMetadata().withName("web").withNamespace("apps").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec();
  }

  private static AdmissionRequest request(Operation op, String plural, String group, String namespace, String name,
      HasMetadata object, FakeLookup lookup) {
    return new AdmissionRequest(op, lookup.type(group, plural), "", namespace, name, object, null, "alice", List.of(), false, lookup);
  }

  private static AdmissionRequest podCreate(Pod pod, FakeLookup lookup) {
    return request(Operation.CREATE, "pods", "", "apps", pod.getMetadata().getName(), pod, lookup);
  }

  private static PriorityClass priorityClass(String name, int value, boolean globalDefault) {
    return new PriorityClassBuilder().withNewMetadata().withName(name).endMetadata().withValue(value)
        .withGlobalDefault(globalDefault).withPreemptionPolicy("Never").build();
  }

  @Test
  void serviceAccountDefaultsToDefault() {
    Pod pod = pod().build();
    new ServiceAccountAdmission().admit(podCreate(pod, new FakeLookup()));
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
    assertThat(pod.getSpec().getServiceAccount()).isEqualTo("default");
  }

  @Test
  void serviceAccountMustExistWhenRequired() {
    Pod pod = pod().build();
    assertThatThrownBy(() -> new ServiceAccountAdmission(true).admit(podCreate(pod, new FakeLookup())))
        .isInstanceOf(StatusException.class)
        .hasMessage("pods \"web\" is forbidden: error looking up service account apps/default: serviceaccount \"default\" not found");
  }

  @ParameterizedTest(name = "class {0} gives priority {1}")
  @CsvSource({
    "high, 1000, Never",
    "system-node-critical, 2000001000, PreemptLowerPriority",
    "'', 5, Never",
  })
  void priorityComesFromTheClass(String className, int priority, String preemption) {
    FakeLookup lookup = new FakeLookup().with(priorityClass("high", 1000, false), priorityClass("fallback", 5, true));
    Pod pod = pod().editSpec().withPriorityClassName(className.isEmpty() ? null : className).endSpec().build();
    new PriorityAdmission().admit(podCreate(pod, lookup));
    assertThat(pod.getSpec().getPriority()).isEqualTo(priority);
    assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo(preemption);
  }

  @Test
  void unknownPriorityClassIsForbidden() {
    Pod pod = pod().editSpec().withPriorityClassName("foo").endSpec().build();
    assertThatThrownBy(() -> new PriorityAdmission().admit(podCreate(pod, new FakeLookup())))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(403))
        .hasMessage("pods \"web\" is forbidden: no PriorityClass with name foo was found");
  }

  @Test
  void onlyOneGlobalDefault() {
    FakeLookup lookup = new FakeLookup().with(priorityClass("fallback", 5, true));
    PriorityClass second = priorityClass("other", 7, true);
    var r = request(Operation.CREATE, "priorityclasses", "scheduling.k8s.io", "", "other", second, lookup);
    assertThatThrownBy(() -> new PriorityAdmission().validate(r))
        .hasMessage("priorityclasses.scheduling.k8s.io \"other\" is forbidden: PriorityClass fallback is already marked as default. "
            + "Only one default can exist");
  }

  @Test
  void defaultTolerationsAreAddedUnlessPresent() {
    Pod pod = pod().editSpec().addNewToleration().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
        .withEffect("NoExecute").withTolerationSeconds(60L).endToleration().endSpec().build();
    new DefaultTolerationSecondsAdmission().admit(podCreate(pod, new FakeLookup()));
    assertThat(pod.getSpec().getTolerations()).hasSize(2);
    assertThat(pod.getSpec().getTolerations().get(1).getKey()).isEqualTo("node.kubernetes.io/not-ready");
    assertThat(pod.getSpec().getTolerations().get(1).getTolerationSeconds()).isEqualTo(300L);
    assertThat(pod.getSpec().getTolerations().get(0).getTolerationSeconds()).isEqualTo(60L);
  }

  private static LimitRange limits() {
    return new LimitRangeBuilder().withNewMetadata().withName("limits").withNamespace("apps").endMetadata()
        .withNewSpec().addNewLimit().withType("Container")
        .addToDefault("cpu", new Quantity("500m")).addToDefaultRequest("cpu", new Quantity("100m"))
        .addToMax("cpu", new Quantity("1")).addToMin("cpu", new Quantity("50m")).endLimit().endSpec().build();
  }

  @Test
  void limitRangerDefaultsContainerResources() {
    Pod pod = pod().build();
    LimitRangerAdmission plugin = new LimitRangerAdmission();
    var r = podCreate(pod, new FakeLookup().with(limits()));
    plugin.admit(r);
    plugin.validate(r);
    var resources = pod.getSpec().getContainers().get(0).getResources();
    assertThat(resources.getRequests().get("cpu")).isEqualTo(new Quantity("100m"));
    assertThat(resources.getLimits().get("cpu")).isEqualTo(new Quantity("500m"));
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(LimitRangerAdmission.ANNOTATION,
        "LimitRanger plugin set: cpu request for container app; cpu limit for container app");
  }

  @Test
  void limitRangerEnforcesMax() {
    Pod pod = pod().editSpec().editFirstContainer().withNewResources().addToLimits("cpu", new Quantity("2"))
        .addToRequests("cpu", new Quantity("2")).endResources().endContainer().endSpec().build();
    var r = podCreate(pod, new FakeLookup().with(limits()));
    LimitRangerAdmission plugin = new LimitRangerAdmission();
    plugin.admit(r);
    assertThatThrownBy(() -> plugin.validate(r))
        .hasMessage("pods \"web\" is forbidden: maximum cpu usage per Container is 1, but limit is 2");
  }

  private static Namespace namespace(String name, boolean terminating) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().withPhase(terminating ? "Terminating" : "Active").endStatus().build();
  }

  @ParameterizedTest(name = "create in {0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "apps|",
    "missing|404 namespaces \"missing\" not found",
    "closing|403 pods \"web\" is forbidden: unable to create new content in namespace closing because it is being terminated",
  })
  void namespaceLifecycleOnCreate(String namespace, String expected) {
    FakeLookup lookup = new FakeLookup().with(namespace("apps", false), namespace("closing", true));
    Pod pod = pod().editMetadata().withNamespace(namespace).endMetadata().build();
    var r = request(Operation.CREATE, "pods", "", namespace, "web", pod, lookup);
    if (expected == null) {
      new NamespaceLifecycle().check(r);
    } else {
      assertThatThrownBy(() -> new NamespaceLifecycle().check(r))
          .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code() + " " + e.getMessage()).isEqualTo(expected));
    }
  }

  @ParameterizedTest(name = "delete namespace {0}")
  @CsvSource({"default, true", "kube-system, true", "kube-public, true", "apps, false"})
  void immortalNamespaces(String name, boolean refused) {
    var r = request(Operation.DELETE, "namespaces", "", "", name, null, new FakeLookup());
    if (refused) {
      assertThatThrownBy(() -> new NamespaceLifecycle().check(r))
          .hasMessage("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
    } else {
      new NamespaceLifecycle().check(r);
    }
  }

  @Test
  void chainRunsPluginsInOrder() {
    FakeLookup lookup = new FakeLookup().with(namespace("apps", false), priorityClass("fallback", 5, true));
    Pod pod = pod().build();
    AdmissionChain.standard().admit(podCreate(pod, lookup));
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
    assertThat(pod.getSpec().getPriority()).isEqualTo(5);
    assertThat(pod.getSpec().getTolerations()).hasSize(2);
    assertThat(AdmissionChain.standard().plugins()).extracting(p -> p.name())
        .containsExactly("NamespaceLifecycle", "LimitRanger", "ServiceAccount", "DefaultTolerationSeconds", "Priority");
  }
}
