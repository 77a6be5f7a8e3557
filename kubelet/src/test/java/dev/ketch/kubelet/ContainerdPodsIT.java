package dev.ketch.kubelet;

import static dev.ketch.kubelet.ContainerdNode.BUSYBOX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods on this machine's containerd: networking, restarts, bad input, DNS and cgroups. */
class ContainerdPodsIT {

  @TempDir
  static Path dir;

  static ContainerdNode node;

  @BeforeAll
  static void start() {
    node = ContainerdNode.start(dir);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @AfterEach
  void clean() {
    node.deleteAllPods();
  }

  static ContainerBuilder busybox(String name, String... command) {
    return new ContainerBuilder().withName(name).withImage(BUSYBOX).withImagePullPolicy("IfNotPresent")
        .withCommand(List.of(command)).withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("File");
  }

  @Test
  void podsGetTheirOwnAddressesAndAnswerHttpFromTheHost() throws Exception {
    for (String name : List.of("web-1", "web-2")) {
      node.create(TestPods.pod(name).container(busybox("httpd", "sh", "-c",
          "echo " + name + " > /www/index.html && exec httpd -f -p 8080 -h /www").build()).build());
    }
    Pod a = node.await("web-1", p -> ContainerdNode.running(p) && p.getStatus().getPodIP() != null);
    Pod b = node.await("web-2", p -> ContainerdNode.running(p) && p.getStatus().getPodIP() != null);

    assertThat(a.getStatus().getPodIP()).startsWith("10.42.0.").isNotEqualTo(b.getStatus().getPodIP());
    assertThat(ContainerdNode.status(a, "httpd").getContainerID()).startsWith("containerd://");
    assertThat(ContainerdNode.status(a, "httpd").getImage()).isEqualTo(BUSYBOX);
    assertThat(ContainerdNode.status(a, "httpd").getImageID()).startsWith("sha256:");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (Pod p : List.of(a, b)) {
      String body = Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
          () -> http.send(HttpRequest.newBuilder(URI.create("http://" + p.getStatus().getPodIP() + ":8080/")).build(),
              HttpResponse.BodyHandlers.ofString()).body(), s -> !s.isEmpty());
      assertThat(body.trim()).isEqualTo(p.getMetadata().getName());
    }
    node.awaitEvent("web-1", "Pulled", "already present on machine");
    node.awaitEvent("web-1", "Started", "Started container httpd");
  }

  @Test
  void aContainerThatExitsRestartsWithAGrowingCount() {
    node.create(TestPods.pod("sleeper").container(busybox("app", "sleep", "1").build()).build());

    Pod p = node.await("sleeper", Duration.ofSeconds(90), x -> ContainerdNode.restarts(x, "app") >= 2);

    var last = ContainerdNode.status(p, "app").getLastState().getTerminated();
    assertThat(last.getExitCode()).isZero();
    assertThat(last.getReason()).isEqualTo("Completed");
    // Only the newest and the one before it are kept.
    assertThat(node.runtimeContainers(p)).isLessThanOrEqualTo(2);
  }

  @Test
  void aMissingImageIsErrImageNeverPullOrAPullErrorWithTheRuntimesMessage() {
    node.create(TestPods.pod("never").container(new ContainerBuilder().withName("app").withImage("ketch.local/absent:1")
        .withImagePullPolicy("Never").build()).build());
    node.create(TestPods.pod("pull").container(new ContainerBuilder().withName("app").withImage("ketch.local/absent:1")
        .withImagePullPolicy("IfNotPresent").build()).build());

    Pod never = node.await("never", p -> ContainerdNode.waitingReason(p, "app").equals("ErrImageNeverPull"));
    assertThat(ContainerdNode.status(never, "app").getState().getWaiting().getMessage())
        .isEqualTo("Container image \"ketch.local/absent:1\" is not present with pull policy of Never");

    Pod pull = node.await("pull", Duration.ofSeconds(120), p -> List.of("ErrImagePull", "ImagePullBackOff").contains(ContainerdNode.waitingReason(p, "app")));
    assertThat(pull.getStatus().getPhase()).isEqualTo("Pending");
    node.awaitEvent("pull", "Failed", "Failed to pull image \"ketch.local/absent:1\"");
  }

  @Test
  void aCommandThatDoesNotExistIsARunContainerErrorWithTheReason() {
    node.create(TestPods.pod("nocmd").container(busybox("app", "/no/such/command").build()).build());

    Pod p = node.await("nocmd", x -> List.of("RunContainerError", "CreateContainerError", "CrashLoopBackOff")
        .contains(ContainerdNode.waitingReason(x, "app")));

    node.awaitEvent("nocmd", "Failed", "no such file or directory");
    assertThat(p.getStatus().getPhase()).isIn("Pending", "Running");
    // The agent goes on serving other pods.
    node.create(TestPods.pod("fine").container(busybox("app", "sleep", "3600").build()).build());
    node.await("fine", ContainerdNode::running);
  }

  @Test
  void clusterFirstPodsResolveThroughTheClusterDnsAndDefaultPodsThroughTheHost() throws Exception {
    node.create(TestPods.pod("dns-cluster").container(busybox("app", "sleep", "3600").build()).build());
    Pod host = TestPods.pod("dns-host").container(busybox("app", "sleep", "3600").build()).build();
    host.getSpec().setDnsPolicy("Default");
    node.create(host);

    Pod cluster = node.await("dns-cluster", ContainerdNode::running);
    String resolv = node.exec(cluster, "app", "cat", "/etc/resolv.conf");
    assertThat(resolv).contains("nameserver 10.43.0.10")
        .contains("search default.svc.cluster.local svc.cluster.local cluster.local")
        .contains("options ndots:5");

    Pod viaHost = node.await("dns-host", ContainerdNode::running);
    String hostResolv = node.exec(viaHost, "app", "cat", "/etc/resolv.conf");
    assertThat(hostResolv).doesNotContain("10.43.0.10");
    for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
      if (line.startsWith("nameserver")) {
        assertThat(hostResolv).contains(line.trim());
      }
    }
  }

  @Test
  void resourceLimitsBecomeCgroupLimits() {
    node.create(TestPods.pod("limited").container(busybox("app", "sleep", "3600")
        .withNewResources().withLimits(Map.of("memory", new Quantity("64Mi"), "cpu", new Quantity("250m")))
        .withRequests(Map.of("memory", new Quantity("64Mi"), "cpu", new Quantity("250m"))).endResources().build()).build());

    Pod p = node.await("limited", ContainerdNode::running);

    assertThat(cgroup(p, "memory", "memory.limit_in_bytes", "memory.max")).isEqualTo(String.valueOf(64L * 1024 * 1024));
    assertThat(cgroup(p, "cpu", "cpu.cfs_quota_us", "cpu.max")).startsWith("25000");
  }

  @Test
  void volumesCarryConfigMapsSecretsPodFieldsAndHostDirectories() throws Exception {
    node.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("settings").endMetadata().withData(Map.of("greeting", "hello")).build()).create();
    node.client().secrets().inNamespace("default").resource(new SecretBuilder()
        .withNewMetadata().withName("creds").endMetadata().withStringData(Map.of("password", "s3cret")).build()).create();
    Path host = Files.createDirectories(dir.resolve("host-dir"));
    Files.writeString(host.resolve("from-host"), "host file");
    Pod pod = TestPods.pod("volumes").container(busybox("app", "sh", "-c", "echo written > /host/from-pod; exec sleep 3600")
        .addNewVolumeMount().withName("config").withMountPath("/config").endVolumeMount()
        .addNewVolumeMount().withName("secret").withMountPath("/secret").endVolumeMount()
        .addNewVolumeMount().withName("info").withMountPath("/info").endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
        .addNewVolumeMount().withName("host").withMountPath("/host").endVolumeMount()
        .build()).build();
    pod.getSpec().setVolumes(List.of(
        new VolumeBuilder().withName("config").withNewConfigMap().withName("settings").endConfigMap().build(),
        new VolumeBuilder().withName("secret").withNewSecret().withSecretName("creds").endSecret().build(),
        new VolumeBuilder().withName("info").withNewDownwardAPI().addNewItem().withPath("name")
            .withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().build(),
        new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("host").withNewHostPath().withPath(host.toString()).endHostPath().build()));
    node.create(pod);

    Pod p = node.await("volumes", ContainerdNode::running);
    assertThat(node.exec(p, "app", "cat", "/config/greeting")).isEqualTo("hello");
    assertThat(node.exec(p, "app", "cat", "/secret/password")).isEqualTo("s3cret");
    assertThat(node.exec(p, "app", "cat", "/info/name")).isEqualTo("volumes");
    assertThat(node.exec(p, "app", "cat", "/host/from-host")).isEqualTo("host file");
    node.exec(p, "app", "sh", "-c", "echo scratch > /scratch/file");
    assertThat(node.exec(p, "app", "cat", "/scratch/file")).isEqualTo("scratch\n");
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(host.resolve("from-pod")).hasContent("written\n"));
  }

  /** A cgroup file of the container, under cgroup v1 or v2. */
  private static String cgroup(Pod p, String controller, String v1, String v2) {
    String out = node.exec(p, "app", "sh", "-c", "cat /sys/fs/cgroup/" + controller + "/" + v1 + " 2>/dev/null || cat /sys/fs/cgroup/" + v2);
    return out.trim();
  }
}
