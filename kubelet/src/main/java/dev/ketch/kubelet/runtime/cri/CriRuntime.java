package dev.ketch.kubelet.runtime.cri;

import dev.ketch.kubelet.runtime.ContainerConfig;
import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.ExecResult;
import dev.ketch.kubelet.runtime.ImageInfo;
import dev.ketch.kubelet.runtime.ImageService;
import dev.ketch.kubelet.runtime.ImageSpec;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.RemoteStreaming;
import dev.ketch.kubelet.runtime.RuntimeService;
import dev.ketch.kubelet.runtime.RuntimeVersion;
import dev.ketch.kubelet.runtime.cri.CriErrors.Call;
import dev.ketch.kubelet.runtime.cri.v1.Api;
import dev.ketch.kubelet.runtime.cri.v1.ImageServiceGrpc;
import dev.ketch.kubelet.runtime.cri.v1.RuntimeServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The kubelet's runtime seam over a CRI v1 runtime (containerd) on its gRPC endpoint: both {@link
 * RuntimeService} and {@link ImageService}, each call a CRI request with a deadline (2 minutes, as
 * upstream's runtime request timeout; stops and execs get their own timeout on top; pulls 10
 * minutes), failures translated by {@link CriErrors}. Stopping or removing what is already gone
 * is not an error. Sandbox addresses, which only PodSandboxStatus reports, are remembered per ready
 * sandbox so that listing sandboxes costs one call, not one per sandbox; likewise the sandbox of
 * each container, which ContainerStatus does not report.
 *
 * <p>Thread-safe. Threads: those of the {@link UnixSocketChannel} it was given, which {@link
 * #close()} closes.
 */
public final class CriRuntime implements RuntimeService, ImageService, RemoteStreaming, AutoCloseable {

  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
  static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

  private final UnixSocketChannel connection;
  private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
  private final ImageServiceGrpc.ImageServiceBlockingStub images;
  private final Map<String, List<String>> sandboxIps = new ConcurrentHashMap<>();
  private final Map<String, String> containerSandboxes = new ConcurrentHashMap<>();

  public CriRuntime(UnixSocketChannel connection) {
    this.connection = connection;
    ManagedChannel channel = connection.channel();
    this.runtime = RuntimeServiceGrpc.newBlockingStub(channel);
    this.images = ImageServiceGrpc.newBlockingStub(channel);
  }

  /** A runtime on the CRI endpoint {@code endpoint} (a socket path or unix:// URL). */
  public static CriRuntime connect(String endpoint) {
    return new CriRuntime(UnixSocketChannel.open(endpoint));
  }

  /** Where this runtime is reached. */
  public String endpoint() {
    return "unix://" + connection.socket();
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime(Duration timeout) {
    return runtime.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ImageServiceGrpc.ImageServiceBlockingStub images(Duration timeout) {
    return images.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static <T> T call(Call call, java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (StatusRuntimeException e) {
      throw CriErrors.of(call, e);
    }
  }

  /** Runs an idempotent stop or removal: NOT_FOUND means it is done already. */
  private static void idempotent(Runnable request) {
    try {
      request.run();
    } catch (StatusRuntimeException e) {
      ContainerRuntimeException mapped = CriErrors.of(Call.OTHER, e);
      if (!mapped.isNotFound()) {
        throw mapped;
      }
    }
  }

  @Override
  public RuntimeVersion version() {
    Api.VersionResponse r = call(Call.OTHER,
        () -> runtime(STATUS_TIMEOUT).version(Api.VersionRequest.newBuilder().setVersion("v1").build()));
    return new RuntimeVersion(r.getRuntimeName(), r.getRuntimeVersion(), r.getRuntimeApiVersion());
  }

  /**
   * The runtime's conditions (RuntimeReady, NetworkReady) and, verbose, its extra information: for
   * containerd, {@code config} holds its CRI configuration as JSON (CNI directories, sandbox image).
   */
  public Api.StatusResponse status(boolean verbose) {
    return call(Call.OTHER, () -> runtime(STATUS_TIMEOUT).status(Api.StatusRequest.newBuilder().setVerbose(verbose).build()));
  }

  /** Tells the runtime the node's pod range (CRI's UpdateRuntimeConfig). */
  public void updatePodCidr(String podCidr) {
    call(Call.OTHER, () -> runtime(STATUS_TIMEOUT).updateRuntimeConfig(Api.UpdateRuntimeConfigRequest.newBuilder()
        .setRuntimeConfig(Api.RuntimeConfig.newBuilder().setNetworkConfig(Api.NetworkConfig.newBuilder().setPodCidr(podCidr)))
        .build()));
  }

  /** Asks the runtime to reopen a container's log file after it was rotated. */
  public void reopenContainerLog(String containerId) {
    call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).reopenContainerLog(
        Api.ReopenContainerLogRequest.newBuilder().setContainerId(containerId).build()));
  }

  @Override
  public String runPodSandbox(PodSandboxConfig config) {
    Api.RunPodSandboxResponse r = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).runPodSandbox(
        Api.RunPodSandboxRequest.newBuilder().setConfig(CriMapping.sandboxConfig(config)).build()));
    return r.getPodSandboxId();
  }

  @Override
  public void stopPodSandbox(String podSandboxId) {
    idempotent(() -> runtime(REQUEST_TIMEOUT).stopPodSandbox(
        Api.StopPodSandboxRequest.newBuilder().setPodSandboxId(podSandboxId).build()));
    sandboxIps.remove(podSandboxId);
  }

  @Override
  public void removePodSandbox(String podSandboxId) {
    idempotent(() -> runtime(REQUEST_TIMEOUT).removePodSandbox(
        Api.RemovePodSandboxRequest.newBuilder().setPodSandboxId(podSandboxId).build()));
    sandboxIps.remove(podSandboxId);
  }

  @Override
  public PodSandboxStatus podSandboxStatus(String podSandboxId) {
    Api.PodSandboxStatusResponse r = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).podSandboxStatus(
        Api.PodSandboxStatusRequest.newBuilder().setPodSandboxId(podSandboxId).build()));
    PodSandboxStatus s = CriMapping.sandbox(r.getStatus());
    if (s.ready()) {
      sandboxIps.put(s.id(), s.ips());
    }
    return s;
  }

  @Override
  public List<PodSandboxStatus> listPodSandboxes(PodSandboxFilter filter) {
    Api.PodSandboxFilter.Builder f = Api.PodSandboxFilter.newBuilder().putAllLabelSelector(filter.labelSelector());
    if (filter.state() != null) {
      f.setState(Api.PodSandboxStateValue.newBuilder().setState(CriMapping.state(filter.state())));
    }
    Api.ListPodSandboxResponse r = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).listPodSandbox(
        Api.ListPodSandboxRequest.newBuilder().setFilter(f).build()));
    List<PodSandboxStatus> out = new ArrayList<>(r.getItemsCount());
    Set<String> seen = new HashSet<>();
    for (Api.PodSandbox s : r.getItemsList()) {
      seen.add(s.getId());
      List<String> ips = List.of();
      if (s.getState() == Api.PodSandboxState.SANDBOX_READY) {
        ips = sandboxIps.get(s.getId());
        if (ips == null) {
          try {
            ips = podSandboxStatus(s.getId()).ips();
          } catch (ContainerRuntimeException e) {
            if (!e.isNotFound()) {
              throw e;
            }
            continue; // removed between the list and the status
          }
        }
      }
      out.add(CriMapping.sandbox(s, ips));
    }
    if (filter.labelSelector().isEmpty() && filter.state() == null) {
      sandboxIps.keySet().retainAll(seen);
    }
    return out;
  }

  @Override
  public String createContainer(String podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
    Api.CreateContainerResponse r = call(Call.CREATE_CONTAINER, () -> runtime(REQUEST_TIMEOUT).createContainer(
        Api.CreateContainerRequest.newBuilder()
            .setPodSandboxId(podSandboxId)
            .setConfig(CriMapping.containerConfig(config, sandboxConfig))
            .setSandboxConfig(CriMapping.sandboxConfig(sandboxConfig))
            .build()));
    containerSandboxes.put(r.getContainerId(), podSandboxId);
    return r.getContainerId();
  }

  @Override
  public void startContainer(String containerId) {
    call(Call.START_CONTAINER, () -> runtime(REQUEST_TIMEOUT).startContainer(
        Api.StartContainerRequest.newBuilder().setContainerId(containerId).build()));
  }

  @Override
  public void stopContainer(String containerId, Duration timeout) {
    // CRI's timeout is whole seconds; round up so that a grace period is never cut short.
    long seconds = (timeout.toMillis() + 999) / 1000;
    idempotent(() -> runtime(REQUEST_TIMEOUT.plusSeconds(seconds)).stopContainer(
        Api.StopContainerRequest.newBuilder().setContainerId(containerId).setTimeout(seconds).build()));
  }

  @Override
  public void removeContainer(String containerId) {
    idempotent(() -> runtime(REQUEST_TIMEOUT).removeContainer(
        Api.RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
    containerSandboxes.remove(containerId);
  }

  @Override
  public List<ContainerSummary> listContainers(ContainerFilter filter) {
    Api.ContainerFilter.Builder f = Api.ContainerFilter.newBuilder().putAllLabelSelector(filter.labelSelector());
    if (filter.podSandboxId() != null) {
      f.setPodSandboxId(filter.podSandboxId());
    }
    if (filter.state() != null) {
      f.setState(Api.ContainerStateValue.newBuilder().setState(CriMapping.state(filter.state())));
    }
    Api.ListContainersResponse r = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).listContainers(
        Api.ListContainersRequest.newBuilder().setFilter(f).build()));
    r.getContainersList().forEach(c -> containerSandboxes.put(c.getId(), c.getPodSandboxId()));
    if (filter.equals(ContainerFilter.all())) {
      Set<String> seen = new HashSet<>();
      r.getContainersList().forEach(c -> seen.add(c.getId()));
      containerSandboxes.keySet().retainAll(seen);
    }
    return map(r.getContainersList(), CriMapping::container);
  }

  @Override
  public ContainerStatusInfo containerStatus(String containerId) {
    Api.ContainerStatusResponse r = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).containerStatus(
        Api.ContainerStatusRequest.newBuilder().setContainerId(containerId).build()));
    // ContainerStatus does not name the sandbox; the listing does.
    String sandbox = containerSandboxes.get(containerId);
    if (sandbox == null) {
      List<Api.Container> listed = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).listContainers(
          Api.ListContainersRequest.newBuilder().setFilter(Api.ContainerFilter.newBuilder().setId(containerId)).build()))
          .getContainersList();
      sandbox = listed.isEmpty() ? "" : listed.getFirst().getPodSandboxId();
      if (!listed.isEmpty()) {
        containerSandboxes.put(containerId, sandbox);
      }
    }
    return CriMapping.container(r.getStatus(), sandbox);
  }

  @Override
  public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    Api.ExecSyncResponse r = call(Call.EXEC_SYNC, () -> runtime(timeout.plusSeconds(10)).execSync(
        Api.ExecSyncRequest.newBuilder().setContainerId(containerId).addAllCmd(command).setTimeout(seconds).build()));
    return new ExecResult(r.getStdout().toByteArray(), r.getStderr().toByteArray(), r.getExitCode());
  }

  @Override
  public java.net.URI execUrl(String containerId, List<String> command, boolean tty, boolean stdin, boolean stdout,
      boolean stderr) {
    Api.ExecResponse r = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).exec(Api.ExecRequest.newBuilder()
        .setContainerId(containerId).addAllCmd(command).setTty(tty).setStdin(stdin).setStdout(stdout).setStderr(stderr).build()));
    return java.net.URI.create(r.getUrl());
  }

  @Override
  public java.net.URI attachUrl(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
    Api.AttachResponse r = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).attach(Api.AttachRequest.newBuilder()
        .setContainerId(containerId).setTty(tty).setStdin(stdin).setStdout(stdout).setStderr(stderr).build()));
    return java.net.URI.create(r.getUrl());
  }

  @Override
  public java.net.URI portForwardUrl(String podSandboxId, List<Integer> ports) {
    Api.PortForwardResponse r = call(Call.OTHER, () -> runtime(REQUEST_TIMEOUT).portForward(Api.PortForwardRequest.newBuilder()
        .setPodSandboxId(podSandboxId).addAllPort(ports).build()));
    return java.net.URI.create(r.getUrl());
  }

  @Override
  public Optional<ImageInfo> imageStatus(ImageSpec image) {
    Api.ImageStatusResponse r = call(Call.OTHER, () -> images(REQUEST_TIMEOUT).imageStatus(
        Api.ImageStatusRequest.newBuilder().setImage(spec(image)).build()));
    return r.hasImage() && !r.getImage().getId().isEmpty() ? Optional.of(CriMapping.image(r.getImage())) : Optional.empty();
  }

  @Override
  public String pullImage(ImageSpec image, PodSandboxConfig sandbox) {
    Api.PullImageRequest.Builder b = Api.PullImageRequest.newBuilder().setImage(spec(image));
    if (sandbox != null) {
      b.setSandboxConfig(CriMapping.sandboxConfig(sandbox));
    }
    return call(Call.PULL_IMAGE, () -> images(PULL_TIMEOUT).pullImage(b.build())).getImageRef();
  }

  @Override
  public List<ImageInfo> listImages() {
    Api.ListImagesResponse r = call(Call.OTHER, () -> images(REQUEST_TIMEOUT).listImages(Api.ListImagesRequest.getDefaultInstance()));
    return map(r.getImagesList(), CriMapping::image);
  }

  @Override
  public void removeImage(ImageSpec image) {
    idempotent(() -> images(REQUEST_TIMEOUT).removeImage(Api.RemoveImageRequest.newBuilder().setImage(spec(image)).build()));
  }

  private static Api.ImageSpec spec(ImageSpec image) {
    return Api.ImageSpec.newBuilder().setImage(image.image()).putAllAnnotations(image.annotations()).build();
  }

  private static <A, B> List<B> map(List<A> in, Function<A, B> f) {
    List<B> out = new ArrayList<>(in.size());
    in.forEach(a -> out.add(f.apply(a)));
    return out;
  }

  @Override
  public void close() {
    connection.close();
  }
}
