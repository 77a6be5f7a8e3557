package dev.ketch.kubelet.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.kubelet.runtime.ContainerConfig;
import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerMetadata;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.DnsConfig;
import dev.ketch.kubelet.runtime.ExecResult;
import dev.ketch.kubelet.runtime.KeyValue;
import dev.ketch.kubelet.runtime.LinuxResources;
import dev.ketch.kubelet.runtime.Mount;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process runtime over real host processes (sh, sleep), each test in a directory of its own. */
class ProcessRuntimeTest {

  @TempDir
  Path dir;

  private final List<ProcessRuntime> opened = new ArrayList<>();
  private ProcessRuntime runtime;
  private PodSandboxConfig sandboxConfig;
  private String sandbox;

  @BeforeEach
  void open() {
    runtime = open(dir.resolve("state"));
    sandboxConfig = new PodSandboxConfig(new PodSandboxMetadata("web", "uid-1", "default", 0), "web",
        dir.resolve("logs").toString(), DnsConfig.none(), List.of(), false, "",
        Map.of(CriLabels.POD_UID, "uid-1"), Map.of());
    sandbox = runtime.runPodSandbox(sandboxConfig);
  }

  private ProcessRuntime open(Path state) {
    ProcessRuntime r = ProcessRuntime.open(state, "192.0.2.10", Clock.systemUTC());
    opened.add(r);
    return r;
  }

  @AfterEach
  void stopEverything() {
    ProcessRuntime last = opened.getLast();
    for (var c : last.listContainers(ContainerFilter.all())) {
      last.stopContainer(c.id(), Duration.ZERO);
    }
    opened.forEach(ProcessRuntime::close);
  }

  private static ContainerConfig config(String name, List<String> command, List<String> args) {
    return config(name, command, args, List.of(), List.of(), "");
  }

  private static ContainerConfig config(String name, List<String> command, List<String> args, List<KeyValue> env,
      List<Mount> mounts, String workingDir) {
    return new ContainerConfig(new ContainerMetadata(name, 0), "busybox:1.36", command, args, workingDir, env, mounts,
        LinuxResources.none(), name + "/0.log", false, false,
        Map.of(CriLabels.POD_UID, "uid-1", CriLabels.CONTAINER_NAME, name), Map.of(CriLabels.RESTART_COUNT, "0"));
  }

  private String run(ContainerConfig config) {
    String id = runtime.createContainer(sandbox, config, sandboxConfig);
    runtime.startContainer(id);
    return id;
  }

  private ContainerStatusInfo awaitExited(ProcessRuntime r, String id) {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> r.containerStatus(id), s -> s.state() == ContainerState.EXITED);
  }

  @Test
  void aSandboxIsADirectoryWithTheHostsAddress() {
    var status = runtime.podSandboxStatus(sandbox);

    assertThat(status.ready()).isTrue();
    assertThat(status.ips()).containsExactly("192.0.2.10");
    assertThat(runtime.listPodSandboxes(PodSandboxFilter.ofPod("uid-1"))).hasSize(1);
    assertThat(runtime.version().nodeInfo()).isEqualTo("process://0.1.0");
  }

  @Test
  void aCommandThatSucceedsEndsCompletedAndOneThatFailsEndsWithItsCode() {
    String ok = run(config("ok", List.of("sh", "-c"), List.of("exit 0")));
    String bad = run(config("bad", List.of("sh"), List.of("-c", "exit 3")));

    ContainerStatusInfo okStatus = awaitExited(runtime, ok);
    ContainerStatusInfo badStatus = awaitExited(runtime, bad);

    assertThat(okStatus.exitCode()).isZero();
    assertThat(okStatus.reason()).isEqualTo("Completed");
    assertThat(okStatus.startedAt()).isNotNull();
    assertThat(okStatus.finishedAt()).isAfterOrEqualTo(okStatus.startedAt().minusMillis(1000));
    assertThat(badStatus.exitCode()).isEqualTo(3);
    assertThat(badStatus.reason()).isEqualTo("Error");
    assertThat(badStatus.imageRef()).startsWith("docker.io/library/busybox@sha256:");
  }

  @Test
  void argsAloneAreTheCommandAsForAnImageWithoutEntrypoint() {
    String id = run(config("args", List.of(), List.of("sh", "-c", "exit 5")));

    assertThat(awaitExited(runtime, id).exitCode()).isEqualTo(5);
  }

  @Test
  void outputGoesToTheLogPathInCriFormat() throws Exception {
    String id = run(config("talk", List.of("sh", "-c"), List.of("echo hello; echo oops >&2; printf tail")));
    awaitExited(runtime, id);

    Path logFile = dir.resolve("logs/talk/0.log");
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(logFile) && Files.readString(logFile).contains("tail"));
    List<String> lines = Files.readAllLines(logFile);
    assertThat(lines).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z stdout F hello"));
    assertThat(lines).anyMatch(l -> l.matches("\\S+Z stderr F oops"));
    assertThat(lines).anyMatch(l -> l.matches("\\S+Z stdout F tail"));
    assertThat(lines).hasSize(3);
  }

  @Test
  void environmentAndWorkingDirectoryAreTheContainers() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    String id = run(config("env", List.of("sh", "-c"), List.of("echo \"$GREETING $HOSTNAME $(pwd)\""),
        List.of(new KeyValue("GREETING", "hi")), List.of(), work.toString()));
    awaitExited(runtime, id);

    Path logFile = dir.resolve("logs/env/0.log");
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(logFile)
        && Files.readString(logFile).contains("stdout F hi web " + work));
  }

  @Test
  void volumesAreLinkedUnderTheRootfsAtTheirMountPaths() throws Exception {
    Path volume = Files.createDirectories(dir.resolve("volumes/config"));
    Files.writeString(volume.resolve("greeting"), "from a volume");
    String id = run(config("vol", List.of("sh", "-c"), List.of("cat etc/app/greeting; test -d \"$KETCH_ROOTFS/data\""),
        List.of(), List.of(Mount.of("/etc/app", volume.toString(), true), Mount.of("/data", dir.resolve("empty").toString(),
            false)), ""));

    assertThat(awaitExited(runtime, id).exitCode()).isZero();
    assertThat(Files.isDirectory(dir.resolve("empty"))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(dir.resolve("logs/vol/0.log")).contains("from a volume"));
  }

  @Test
  void aMissingExecutableIsCommandNotFoundAndAStartError() {
    String id = runtime.createContainer(sandbox, config("nope", List.of("no-such-command-here"), List.of()), sandboxConfig);

    assertThatThrownBy(() -> runtime.startContainer(id)).isInstanceOfSatisfying(ContainerRuntimeException.class, e -> {
      assertThat(e.code()).isEqualTo(ContainerRuntimeException.Code.COMMAND_NOT_FOUND);
      assertThat(e.getMessage()).isEqualTo("exec: \"no-such-command-here\": executable file not found in $PATH");
    });
    ContainerStatusInfo status = runtime.containerStatus(id);
    assertThat(status.state()).isEqualTo(ContainerState.EXITED);
    assertThat(status.exitCode()).isEqualTo(128);
    assertThat(status.reason()).isEqualTo("StartError");
    assertThat(status.startedAt()).isNull();
  }

  @Test
  void aMissingWorkingDirectoryIsCommandNotFound() {
    String id = runtime.createContainer(sandbox,
        config("cwd", List.of("true"), List.of(), List.of(), List.of(), dir.resolve("absent").toString()), sandboxConfig);

    assertThatThrownBy(() -> runtime.startContainer(id)).isInstanceOfSatisfying(ContainerRuntimeException.class,
        e -> assertThat(e.code()).isEqualTo(ContainerRuntimeException.Code.COMMAND_NOT_FOUND));
  }

  @Test
  void stopSendsSigtermAndAProcessThatHeedsItEndsAt143() {
    String id = run(config("sleeper", List.of("sleep"), List.of("100")));
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.RUNNING);

    long began = System.nanoTime();
    runtime.stopContainer(id, Duration.ofSeconds(10));

    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    ContainerStatusInfo s = runtime.containerStatus(id);
    assertThat(s.state()).isEqualTo(ContainerState.EXITED);
    assertThat(s.exitCode()).isEqualTo(143);
    assertThat(s.reason()).isEqualTo("Error");
  }

  @Test
  void aProcessIgnoringSigtermIsKilledWhenTheGracePeriodEnds() {
    String id = run(config("stubborn", List.of("sh", "-c"), List.of("trap '' TERM; sleep 100 & wait; sleep 100")));
    awaitRunningChild(id);

    long began = System.nanoTime();
    runtime.stopContainer(id, Duration.ofSeconds(1));
    Duration took = Duration.ofNanos(System.nanoTime() - began);

    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950)).isLessThan(Duration.ofSeconds(4));
    ContainerStatusInfo s = runtime.containerStatus(id);
    assertThat(s.exitCode()).isEqualTo(137);
    assertThat(HostProcesses.sessionMembers(pidOf(id))).as("every process of the session is gone").isEmpty();
  }

  @Test
  void aZeroTimeoutKillsAtOnce() {
    String id = run(config("killed", List.of("sleep"), List.of("100")));

    runtime.stopContainer(id, Duration.ZERO);

    assertThat(runtime.containerStatus(id).exitCode()).isEqualTo(137);
  }

  @Test
  void aNewInstanceAdoptsRunningContainersAndNeverStartsThemAgain() {
    String running = run(config("long", List.of("sleep"), List.of("100")));
    String ending = run(config("short", List.of("sh", "-c"), List.of("sleep 0.5; exit 4")));
    long pid = pidOf(running);
    runtime.close();

    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
    ProcessRuntime again = open(dir.resolve("state"));

    assertThat(again.listPodSandboxes(PodSandboxFilter.all())).extracting(s -> s.id()).containsExactly(sandbox);
    ContainerStatusInfo adopted = again.containerStatus(running);
    assertThat(adopted.state()).isEqualTo(ContainerState.RUNNING);
    assertThat(pidOf(running)).isEqualTo(pid);
    assertThat(HostProcesses.sessionMembers(pid)).hasSize(2);
    ContainerStatusInfo ended = again.containerStatus(ending);
    assertThat(ended.state()).isEqualTo(ContainerState.EXITED);
    assertThat(ended.exitCode()).isEqualTo(4);
    assertThatThrownBy(() -> again.startContainer(running)).isInstanceOf(ContainerRuntimeException.class);

    again.stopContainer(running, Duration.ofSeconds(5));
    assertThat(again.containerStatus(running).exitCode()).isEqualTo(143);
  }

  @Test
  void execRunsBesideTheContainerWithItsEnvironmentAndTimesOut() {
    String id = run(config("svc", List.of("sleep"), List.of("100"), List.of(new KeyValue("MODE", "probe")), List.of(), ""));

    ExecResult r = runtime.execSync(id, List.of("sh", "-c", "echo $MODE; exit 2"), Duration.ofSeconds(5));
    assertThat(r.stdoutText()).isEqualTo("probe\n");
    assertThat(r.exitCode()).isEqualTo(2);

    assertThatThrownBy(() -> runtime.execSync(id, List.of("sleep", "10"), Duration.ofMillis(300)))
        .isInstanceOfSatisfying(ContainerRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ContainerRuntimeException.Code.DEADLINE_EXCEEDED));
  }

  @Test
  void stoppingTheSandboxKillsItsContainersAndRemovingItForgetsThem() {
    String id = run(config("app", List.of("sleep"), List.of("100")));

    runtime.stopPodSandbox(sandbox);
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.EXITED);
    assertThat(runtime.podSandboxStatus(sandbox).ips()).isEmpty();

    runtime.removePodSandbox(sandbox);
    assertThat(runtime.listContainers(ContainerFilter.all())).isEmpty();
    assertThat(runtime.listPodSandboxes(PodSandboxFilter.all())).isEmpty();
    assertThat(dir.resolve("state/containers/" + id)).doesNotExist();
  }

  private void awaitRunningChild(String id) {
    await().atMost(Duration.ofSeconds(5)).until(() -> HostProcesses.sessionMembers(pidOf(id)).size() >= 3);
  }

  private long pidOf(String id) {
    return HostProcesses.shimPid(dir.resolve("state/containers/" + id));
  }
}
