package dev.ketch.kubelet.runtime;

import java.time.Duration;
import java.util.List;

/**
 * The container runtime as the kubelet drives it, modelled on CRI's RuntimeService so that a
 * containerd implementation is a thin adapter over its gRPC stubs. A pod is a sandbox (its
 * network namespace and shared resources) holding containers; everything the runtime holds
 * carries the kubelet's {@link CriLabels}, which is how a restarted kubelet finds and re-adopts
 * what it started instead of starting it twice.
 *
 * <p>Thread-safety: implementations are safe for concurrent use; the kubelet calls them from one
 * worker per pod at once, and from its relist and housekeeping loops. Calls may block (a remote
 * runtime, a stop that waits for the grace period) and must not be made while holding locks that
 * others need.
 *
 * <p>Errors: every method throws {@link ContainerRuntimeException}, whose code tells the kubelet
 * how to react; in particular {@link ContainerRuntimeException.Code#UNAVAILABLE} means "try again",
 * never "the pod is broken". Stop and remove calls are idempotent: stopping an exited container
 * or removing one already gone is not an error.
 */
public interface RuntimeService {

  /** The runtime's name and version, for node status and container IDs. */
  RuntimeVersion version();

  /**
   * Creates and starts a sandbox: its network namespace gets an address (unless host network).
   *
   * @return the new sandbox's ID
   * @throws ContainerRuntimeException INVALID_CONFIG if the config cannot be honoured
   */
  String runPodSandbox(PodSandboxConfig config);

  /** Stops every container of the sandbox (without grace) and tears its network down. Idempotent. */
  void stopPodSandbox(String podSandboxId);

  /** Removes a stopped sandbox and its containers. Idempotent. */
  void removePodSandbox(String podSandboxId);

  /** @throws ContainerRuntimeException NOT_FOUND if there is no such sandbox */
  PodSandboxStatus podSandboxStatus(String podSandboxId);

  /** Every sandbox matching the filter, in no particular order. */
  List<PodSandboxStatus> listPodSandboxes(PodSandboxFilter filter);

  /**
   * Creates a container in a ready sandbox; it is CREATED until {@link #startContainer}.
   *
   * @return the new container's ID
   * @throws ContainerRuntimeException NOT_FOUND for an unknown sandbox, IMAGE_NOT_PRESENT if the
   *     image is not on the node, INVALID_CONFIG if the config is refused
   */
  String createContainer(String podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig);

  /**
   * Starts a created container. If its process cannot be started the container ends EXITED with
   * exit code 128 and reason {@code StartError}, and this throws.
   *
   * @throws ContainerRuntimeException COMMAND_NOT_FOUND when the command or working directory does
   *     not exist, INTERNAL for other start failures
   */
  void startContainer(String containerId);

  /**
   * Stops a container: SIGTERM (or the image's stop signal), then SIGKILL once {@code timeout}
   * has passed; returns when it has exited. Zero timeout kills at once. Idempotent.
   */
  void stopContainer(String containerId, Duration timeout);

  /** Removes a container that is not running. Idempotent. */
  void removeContainer(String containerId);

  /** Every container matching the filter, in no particular order. */
  List<ContainerSummary> listContainers(ContainerFilter filter);

  /** @throws ContainerRuntimeException NOT_FOUND if there is no such container */
  ContainerStatusInfo containerStatus(String containerId);

  /**
   * Runs a command in a running container and waits for it, at most {@code timeout}.
   *
   * @throws ContainerRuntimeException DEADLINE_EXCEEDED when it ran out of time, NOT_FOUND if the
   *     container does not run
   */
  ExecResult execSync(String containerId, List<String> command, Duration timeout);
}
