package dev.ketch.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ketch.kubelet.pod.ContainerConfigs;
import dev.ketch.kubelet.pod.PodDns;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.KeyValue;
import dev.ketch.kubelet.runtime.Mount;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.cri.v1.Api;
import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriMappingTest {

  static final Container APP = TestPods.containerSpec("app", "ketch.local/busybox:1").withCommand("sleep", "60")
      .withNewResources().withLimits(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("64Mi")))
      .withRequests(Map.of("cpu", new Quantity("100m"))).endResources().build();
  static final Pod POD = TestPods.pod("web").node("n1").container(APP).build();

  static PodSandboxConfig sandbox(Pod pod) {
    return ContainerConfigs.sandbox(pod, 0, "/var/log/pods", PodDns.forPod(pod, List.of("10.43.0.10"), "cluster.local"));
  }

  @Test
  void aSandboxHasThePodsIdentityLogDirectoryAndClusterDns() {
    Api.PodSandboxConfig c = CriMapping.sandboxConfig(sandbox(POD));

    assertThat(c.getMetadata().getName()).isEqualTo("web");
    assertThat(c.getMetadata().getUid()).isEqualTo(POD.getMetadata().getUid());
    assertThat(c.getLogDirectory()).isEqualTo("/var/log/pods/default_web_" + POD.getMetadata().getUid());
    assertThat(c.getLabelsMap()).containsEntry(CriLabels.POD_UID, POD.getMetadata().getUid())
        .containsEntry(CriLabels.NODE_NAME, "n1");
    assertThat(c.getDnsConfig().getServersList()).containsExactly("10.43.0.10");
    assertThat(c.getDnsConfig().getSearchesList())
        .containsExactly("default.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(c.getDnsConfig().getOptionsList()).contains("ndots:5");
    Api.NamespaceOption ns = c.getLinux().getSecurityContext().getNamespaceOptions();
    assertThat(ns.getNetwork()).isEqualTo(Api.NamespaceMode.POD);
    assertThat(ns.getPid()).isEqualTo(Api.NamespaceMode.CONTAINER);
  }

  @Test
  void hostNetworkPodsUseTheNodesNetworkAndDefaultDnsSendsNoConfig() {
    Pod pod = TestPods.pod("host").container(APP).build();
    pod.getSpec().setHostNetwork(true);
    pod.getSpec().setDnsPolicy("Default");

    Api.PodSandboxConfig c = CriMapping.sandboxConfig(sandbox(pod));

    assertThat(c.getLinux().getSecurityContext().getNamespaceOptions().getNetwork()).isEqualTo(Api.NamespaceMode.NODE);
    assertThat(c.hasDnsConfig()).isFalse();
  }

  @Test
  void aContainerGetsItsCommandEnvMountsLogPathAndCgroupLimits() {
    var config = ContainerConfigs.container(POD, APP, false, 3, List.of(new KeyValue("GREETING", "hi")),
        List.of(new Mount("/data", "/var/lib/kubelet/pods/x/volumes/kubernetes.io~empty-dir/data", true, "PRIVATE")));

    Api.ContainerConfig c = CriMapping.containerConfig(config, sandbox(POD));

    assertThat(c.getCommandList()).containsExactly("sleep", "60");
    assertThat(c.getMetadata().getAttempt()).isEqualTo(3);
    assertThat(c.getLogPath()).isEqualTo("app/3.log");
    assertThat(c.getEnvsList()).extracting(Api.KeyValue::getKey, Api.KeyValue::getValue)
        .containsExactly(tuple("GREETING", "hi"));
    assertThat(c.getMountsList()).singleElement().satisfies(m -> {
      assertThat(m.getContainerPath()).isEqualTo("/data");
      assertThat(m.getReadonly()).isTrue();
    });
    Api.LinuxContainerResources r = c.getLinux().getResources();
    assertThat(r.getCpuShares()).isEqualTo(102);
    assertThat(r.getCpuQuota()).isEqualTo(25_000);
    assertThat(r.getCpuPeriod()).isEqualTo(100_000);
    assertThat(r.getMemoryLimitInBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(c.getAnnotationsMap()).containsEntry(CriLabels.RESTART_COUNT, "3");
  }
}
