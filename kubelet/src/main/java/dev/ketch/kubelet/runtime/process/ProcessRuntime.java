package dev.ketch.kubelet.runtime.process;

import dev.ketch.kubelet.runtime.ContainerConfig;
import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerRuntimeException.Code;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.ExecResult;
import dev.ketch.kubelet.runtime.ImageInfo;
import dev.ketch.kubelet.runtime.ImageService;
import dev.ketch.kubelet.runtime.ImageSpec;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxState;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.RuntimeService;
import dev.ketch.kubelet.runtime.RuntimeVersion;
import dev.ketch.kubelet.runtime.StreamingProcess;
import dev.ketch.kubelet.runtime.StreamingService;
import dev.ketch.kubelet.runtime.simulated.ImageNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container runtime for machines without containerd: every container is a process of the host.
 * A sandbox is a directory and a record; its pods share the host's network, so its address is the
 * host's (the node says so with the runtime name {@code process}). A container is its command and
 * arguments run as a host process (the image is not used: the command must name an executable on
 * the host's PATH), with its environment and working directory, in a session of its own under a
 * small shell shim ({@link HostProcesses}) that records its exit status; its output goes to files,
 * copied into the kubelet's log path in CRI's format ({@link LogCopier}). Stop sends SIGTERM to the
 * command, then SIGKILL to every process of its session once the timeout passes. No cgroups: CPU
 * and memory limits are not enforced.
 *
 * <p>Everything is kept in the state directory ({@link RecordFiles}), so a new instance over the
 * same directory (an agent restarted) finds its sandboxes and containers again; processes keep
 * running meanwhile and are never started twice. Exit status and end time come from the shim's
 * file, so containers that ended while no agent ran are reported as they ended.
 *
 * <p>Thread-safety: every method is safe for concurrent use. One lock guards the records and is
 * held only for memory and small file work; waits for processes (stop, exec) happen outside it.
 * Threads: one virtual thread ({@code process-runtime-logs}) copies output every 200 ms until
 * {@link #close()}, which leaves the processes running.
 */
public final class ProcessRuntime implements RuntimeService, ImageService, StreamingService, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessRuntime.class);

  /** The runtime's name: container IDs in pod status read {@code process://…}. */
  public static final String NAME = "process";
  public static final String VERSION = "0.1.0";

  private static final Duration KILL_WAIT = Duration.ofSeconds(5);
  private static final Duration COPY_PERIOD = Duration.ofMillis(200);

  private final RecordFiles files;
  private final String hostIp;
  private final Clock clock;
  private final Map<String, String> agentEnv;
  private final Path setsid;
  private final ProcessImages images = new ProcessImages();
  private final LogCopier logs;
  private final Map<String, SandboxRecord> sandboxes = new LinkedHashMap<>();
  private final Map<String, ContainerRecord> containers = new LinkedHashMap<>();
  private final Thread copier;
  private volatile boolean closed;

  private ProcessRuntime(Path stateDir, String hostIp, Clock clock, Map<String, String> agentEnv) {
    this.files = new RecordFiles(stateDir);
    this.hostIp = hostIp;
    this.clock = clock;
    this.agentEnv = Map.copyOf(agentEnv);
    this.setsid = Executables.resolve("setsid", agentEnv.getOrDefault("PATH", LaunchPlan.DEFAULT_PATH), Path.of("/"))
        .orElse(null);
    this.logs = new LogCopier(clock);
    for (SandboxRecord s : files.readSandboxes()) {
      sandboxes.put(s.id(), s);
    }
    for (ContainerRecord c : files.readContainers()) {
      containers.put(c.id(), c);
    }
    synchronized (this) {
      containers.values().forEach(c -> refresh(c.id()));
    }
    this.copier = Thread.ofVirtual().name("process-runtime-logs").start(this::copyLoop);
    log.info("process runtime opened dir={} sandboxes={} containers={} setsid={}", stateDir, sandboxes.size(),
        containers.size(), setsid != null);
  }

  /**
   * Opens the runtime over {@code stateDir} (created if missing), re-adopting what an earlier
   * instance left there.
   *
   * @param hostIp the host's address, which every sandbox reports as its own
   */
  public static ProcessRuntime open(Path stateDir, String hostIp, Clock clock) {
    return new ProcessRuntime(stateDir, hostIp, clock, System.getenv());
  }

  /** As {@link #open(Path, String, Clock)}, with the environment containers inherit PATH and HOME from. */
  public static ProcessRuntime open(Path stateDir, String hostIp, Clock clock, Map<String, String> agentEnv) {
    return new ProcessRuntime(stateDir, hostIp, clock, agentEnv);
  }

  @Override
  public RuntimeVersion version() {
    return new RuntimeVersion(NAME, VERSION, "v1");
  }

  // Sandboxes

  @Override
  public synchronized String runPodSandbox(PodSandboxConfig config) {
    SandboxRecord s = new SandboxRecord(newId(), config.metadata(), config.hostname(), config.logDirectory(), config.labels(),
        config.annotations(), clock.instant(), PodSandboxState.READY);
    files.write(s);
    sandboxes.put(s.id(), s);
    return s.id();
  }

  @Override
  public void stopPodSandbox(String podSandboxId) {
    List<String> ids;
    synchronized (this) {
      if (!sandboxes.containsKey(podSandboxId)) {
        return;
      }
      ids = containers.values().stream().filter(c -> c.sandboxId().equals(podSandboxId)).map(ContainerRecord::id).toList();
    }
    for (String id : ids) {
      stopContainer(id, Duration.ZERO);
    }
    synchronized (this) {
      SandboxRecord s = sandboxes.get(podSandboxId);
      if (s != null && s.state() == PodSandboxState.READY) {
        s = s.stopped();
        files.write(s);
        sandboxes.put(s.id(), s);
      }
    }
  }

  @Override
  public void removePodSandbox(String podSandboxId) {
    stopPodSandbox(podSandboxId);
    List<String> ids;
    synchronized (this) {
      ids = containers.values().stream().filter(c -> c.sandboxId().equals(podSandboxId)).map(ContainerRecord::id).toList();
    }
    ids.forEach(this::removeContainer);
    synchronized (this) {
      sandboxes.remove(podSandboxId);
      files.deleteSandbox(podSandboxId);
    }
  }

  @Override
  public synchronized PodSandboxStatus podSandboxStatus(String podSandboxId) {
    SandboxRecord s = sandboxes.get(podSandboxId);
    if (s == null) {
      throw ContainerRuntimeException.notFound("sandbox " + podSandboxId);
    }
    return status(s);
  }

  @Override
  public synchronized List<PodSandboxStatus> listPodSandboxes(PodSandboxFilter filter) {
    List<PodSandboxStatus> out = new ArrayList<>();
    for (SandboxRecord s : sandboxes.values()) {
      PodSandboxStatus status = status(s);
      if (filter.matches(status)) {
        out.add(status);
      }
    }
    return out;
  }

  private PodSandboxStatus status(SandboxRecord s) {
    List<String> ips = s.state() == PodSandboxState.READY ? List.of(hostIp) : List.of();
    return new PodSandboxStatus(s.id(), s.metadata(), s.state(), s.createdAt(), ips, s.labels(), s.annotations());
  }

  // Containers

  @Override
  public synchronized String createContainer(String podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
    SandboxRecord s = sandboxes.get(podSandboxId);
    if (s == null || s.state() != PodSandboxState.READY) {
      throw ContainerRuntimeException.notFound("sandbox " + podSandboxId + " (ready)");
    }
    List<String> argv = new ArrayList<>(config.command().isEmpty() ? List.of() : config.command());
    argv.addAll(config.args());
    String id = newId();
    String logFile = config.logPath().isEmpty() ? "" : Path.of(s.logDirectory()).resolve(config.logPath()).toString();
    ContainerRecord c = new ContainerRecord(id, podSandboxId, config.metadata(), config.image(), argv, config.workingDir(),
        config.envs(), config.mounts(), config.logPath(), logFile, config.labels(), config.annotations(), clock.instant(),
        ContainerState.CREATED, null, 0, null, null, 0, "", "");
    files.write(c);
    containers.put(id, c);
    return id;
  }

  @Override
  public void startContainer(String containerId) {
    ContainerRecord c;
    Path dir = files.containerDir(containerId);
    HostProcesses.Launched launched;
    synchronized (this) {
      c = containers.get(containerId);
      if (c == null) {
        throw ContainerRuntimeException.notFound("container " + containerId);
      }
      if (c.state() != ContainerState.CREATED) {
        throw new ContainerRuntimeException(Code.INTERNAL, "container " + containerId + " is in " + c.state()
            + " state, not CREATED");
      }
      SandboxRecord s = sandboxes.get(c.sandboxId());
      Path rootfs = dir.resolve("rootfs");
      try {
        LaunchPlan.linkMounts(rootfs, c.mounts());
        LaunchPlan plan = LaunchPlan.of(c, s == null ? "" : s.hostname(), rootfs, agentEnv);
        launched = HostProcesses.launch(dir, plan.argv(), plan.workingDir(), plan.env(), setsid);
      } catch (ContainerRuntimeException e) {
        put(c.neverStarted(clock.instant(), 128, "StartError", e.getMessage()));
        throw e;
      } catch (IOException e) {
        String message = "failed to start container process: " + e.getMessage();
        put(c.neverStarted(clock.instant(), 128, "StartError", message));
        throw new ContainerRuntimeException(Code.INTERNAL, message, e);
      }
    }
    Instant startedAt = clock.instant();
    // The shim writes its own pid at once; with it the session and identity are exact even if
    // setsid had to fork. Until then a relist sees the container CREATED, or adopts it the same way.
    HostProcesses.await(() -> HostProcesses.shimPid(dir) > 0, Duration.ofSeconds(2));
    long pid = HostProcesses.shimPid(dir);
    Instant pidStarted = pid > 0 ? ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(null) : null;
    if (pid <= 0) {
      pid = launched.pid();
      pidStarted = launched.startedAt();
    }
    synchronized (this) {
      ContainerRecord now = containers.get(containerId);
      if (now != null && now.state() != ContainerState.EXITED) {
        put(c.running(startedAt, pid, pidStarted));
        refresh(containerId);
      }
    }
    log.debug("container started container={} pid={} argv={}", containerId, pid, c.argv());
  }

  @Override
  public void stopContainer(String containerId, Duration timeout) {
    ContainerRecord c;
    synchronized (this) {
      c = refresh(containerId);
      if (c == null || c.state() == ContainerState.EXITED) {
        return;
      }
      if (c.state() != ContainerState.RUNNING) {
        put(c.neverStarted(clock.instant(), 0, "", ""));
        return;
      }
    }
    Path dir = files.containerDir(containerId);
    Optional<ProcessHandle> shim = HostProcesses.find(c.pid(), c.pidStartedAt());
    boolean exited = HostProcesses.exitCode(dir).isPresent() || shim.isEmpty();
    if (!exited && !timeout.isZero()) {
      shim.flatMap(HostProcesses::command).ifPresent(ProcessHandle::destroy);
      exited = HostProcesses.await(() -> HostProcesses.exitCode(dir).isPresent(), timeout);
    }
    if (!exited) {
      HostProcesses.signalSession(c.pid(), true, false);
      exited = HostProcesses.await(() -> HostProcesses.exitCode(dir).isPresent(), KILL_WAIT);
    }
    synchronized (this) {
      ContainerRecord now = containers.get(containerId);
      if (now == null) {
        return;
      }
      if (!exited && now.state() == ContainerState.RUNNING) {
        // The shim itself did not answer: end it too, and record the kill it could not.
        HostProcesses.signalSession(c.pid(), true, true);
        put(now.exited(clock.instant(), 137, "Error", ""));
      }
      refresh(containerId);
    }
  }

  @Override
  public void removeContainer(String containerId) {
    ContainerRecord c;
    synchronized (this) {
      c = refresh(containerId);
      if (c == null) {
        return;
      }
      if (c.state() == ContainerState.RUNNING) {
        throw new ContainerRuntimeException(Code.INTERNAL, "container " + containerId + " is running; stop it first");
      }
      containers.remove(containerId);
    }
    Path dir = files.containerDir(containerId);
    if (!c.logFile().isEmpty()) {
      try {
        java.nio.file.Files.deleteIfExists(Path.of(c.logFile()));
      } catch (IOException e) {
        log.debug("cannot remove log file={}: {}", c.logFile(), e.toString());
      }
    }
    logs.forget(containerId);
    files.deleteContainer(dir.getFileName().toString());
  }

  @Override
  public synchronized List<ContainerSummary> listContainers(ContainerFilter filter) {
    List<ContainerSummary> out = new ArrayList<>();
    for (String id : List.copyOf(containers.keySet())) {
      ContainerRecord c = refresh(id);
      if (c != null && filter.matches(c.sandboxId(), c.state(), c.labels())) {
        out.add(new ContainerSummary(c.id(), c.sandboxId(), c.metadata(), c.image(), images.reference(c.image()), c.state(),
            c.createdAt(), c.labels(), c.annotations()));
      }
    }
    return out;
  }

  @Override
  public synchronized ContainerStatusInfo containerStatus(String containerId) {
    ContainerRecord c = refresh(containerId);
    if (c == null) {
      throw ContainerRuntimeException.notFound("container " + containerId);
    }
    return new ContainerStatusInfo(c.id(), c.sandboxId(), c.metadata(), c.state(), c.createdAt(), c.startedAt(),
        c.finishedAt(), c.exitCode(), ImageNames.normalize(c.image()), images.reference(c.image()), c.reason(), c.message(),
        c.mounts(), c.logPath(), c.labels(), c.annotations());
  }

  @Override
  public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
    Running r = running(containerId);
    return Exec.run(r.container(), command, r.hostname(), r.rootfs(), agentEnv, timeout);
  }

  @Override
  public StreamingProcess exec(String containerId, List<String> command, boolean tty) {
    Running r = running(containerId);
    ContainerRecord c = r.container();
    if (!tty) {
      return new HostStreamingProcess(Exec.start(c, command, r.hostname(), r.rootfs(), agentEnv, true), false);
    }
    // The command is resolved as the container would resolve it, then run on a terminal of its own.
    LaunchPlan plan = LaunchPlan.of(c.withCommand(command), r.hostname(), r.rootfs(), agentEnv);
    ContainerRecord onTerminal = c.withCommand(HostStreamingProcess.onTerminal(plan.argv()));
    if (c.envs().stream().noneMatch(kv -> kv.key().equals("TERM"))) {
      onTerminal = onTerminal.withEnv(new dev.ketch.kubelet.runtime.KeyValue("TERM", "xterm"));
    }
    return new HostStreamingProcess(Exec.start(onTerminal, onTerminal.argv(), r.hostname(), r.rootfs(), agentEnv, true), true);
  }

  /** A running container, with what a command run beside it needs. */
  private record Running(ContainerRecord container, String hostname, Path rootfs) {}

  /** @throws ContainerRuntimeException NOT_FOUND unless the container runs */
  private Running running(String containerId) {
    synchronized (this) {
      ContainerRecord c = refresh(containerId);
      if (c == null || c.state() != ContainerState.RUNNING) {
        throw new ContainerRuntimeException(Code.NOT_FOUND, "container " + containerId + " is not running");
      }
      SandboxRecord s = sandboxes.get(c.sandboxId());
      return new Running(c, s == null ? "" : s.hostname(), files.containerDir(containerId).resolve("rootfs"));
    }
  }

  /** Every pod shares the host's network: a pod's port is the host's. */
  @Override
  public synchronized java.net.InetSocketAddress portForwardTarget(String podSandboxId, int port) {
    SandboxRecord s = sandboxes.get(podSandboxId);
    if (s == null || s.state() != PodSandboxState.READY) {
      throw ContainerRuntimeException.notFound("sandbox " + podSandboxId + " (ready)");
    }
    return new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
  }

  /**
   * Brings a running container's record up to date: it has exited if the shim wrote its status,
   * or if the shim is gone without writing one (the machine restarted, or someone killed it).
   * Holds the lock.
   */
  private ContainerRecord refresh(String id) {
    ContainerRecord c = containers.get(id);
    if (c == null) {
      return null;
    }
    Path dir = files.containerDir(id);
    if (c.state() == ContainerState.CREATED) {
      long pid = HostProcesses.shimPid(dir);
      if (pid > 0) {
        // Started by an instance that stopped before it could write so: adopt it.
        Instant started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(null);
        c = put(c.running(HostProcesses.pidTime(dir, c.createdAt()), pid, started));
      }
    }
    if (c.state() != ContainerState.RUNNING) {
      return c;
    }
    OptionalInt code = HostProcesses.exitCode(dir);
    if (code.isEmpty() && HostProcesses.find(c.pid(), c.pidStartedAt()).isEmpty()) {
      code = HostProcesses.exitCode(dir);
      if (code.isEmpty()) {
        return put(c.exited(clock.instant(), 255, "Unknown", "the container's process ended without an exit status"));
      }
    }
    if (code.isEmpty()) {
      return c;
    }
    int exit = code.getAsInt();
    ContainerRecord done = put(c.exited(HostProcesses.exitTime(dir, clock.instant()), exit, exit == 0 ? "Completed" : "Error", ""));
    // As a container's processes die with its init process, so do those the command left behind.
    HostProcesses.signalSession(c.pid(), true, false);
    if (!done.logFile().isEmpty()) {
      logs.copy(id, dir, Path.of(done.logFile()), true);
    }
    return done;
  }

  private ContainerRecord put(ContainerRecord c) {
    files.write(c);
    containers.put(c.id(), c);
    return c;
  }

  private void copyLoop() {
    while (!closed) {
      List<ContainerRecord> running;
      synchronized (this) {
        running = containers.values().stream()
            .filter(c -> c.state() == ContainerState.RUNNING && !c.logFile().isEmpty()).toList();
      }
      for (ContainerRecord c : running) {
        logs.copy(c.id(), files.containerDir(c.id()), Path.of(c.logFile()), false);
      }
      HostProcesses.await(() -> closed, COPY_PERIOD);
    }
  }

  // Images

  @Override
  public Optional<ImageInfo> imageStatus(ImageSpec image) {
    return images.imageStatus(image);
  }

  @Override
  public String pullImage(ImageSpec image, PodSandboxConfig sandbox) {
    return images.pullImage(image, sandbox);
  }

  @Override
  public List<ImageInfo> listImages() {
    return images.listImages();
  }

  @Override
  public void removeImage(ImageSpec image) {
    images.removeImage(image);
  }

  /** The state directory. */
  public Path stateDir() {
    return files.root();
  }

  /** Stops copying logs; containers keep running for the next instance to adopt. */
  @Override
  public void close() {
    closed = true;
    try {
      copier.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextLong())
        + hex.toHexDigits(r.nextLong());
  }
}
