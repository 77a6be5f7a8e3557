package dev.ketch.kubelet.runtime;

import java.util.Objects;

/**
 * A failed call into the container runtime, with a {@link Code} saying what kind of failure it is,
 * so the kubelet can tell the user what went wrong the way Kubernetes does: an image that is not
 * present becomes {@code ErrImageNeverPull}, a failed pull {@code ErrImagePull} then {@code
 * ImagePullBackOff}, a refused container config {@code CreateContainerError}, a command that
 * cannot be run {@code RunContainerError}, an unreachable runtime a retried sync. The codes map
 * one-to-one onto the gRPC codes a CRI runtime answers with (NOT_FOUND, INVALID_ARGUMENT,
 * UNAVAILABLE, DEADLINE_EXCEEDED, …) plus the two the kubelet needs to tell apart within them.
 */
public final class ContainerRuntimeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of failure; the kubelet's reaction to each is documented on the constant. */
  public enum Code {
    /** The sandbox, container or image named does not exist (any more). Not retried. */
    NOT_FOUND,
    /** The image is not present on the node; only {@link ImageService#imageStatus} never says so. */
    IMAGE_NOT_PRESENT,
    /** Pulling the image failed (unknown repository, registry unreachable, no permission). */
    IMAGE_PULL_FAILED,
    /** The runtime refused the config (bad mount, bad resources): CreateContainerError. */
    INVALID_CONFIG,
    /** The container's command or working directory cannot be run: RunContainerError. */
    COMMAND_NOT_FOUND,
    /** The call timed out; the runtime may still finish the work. Retried. */
    DEADLINE_EXCEEDED,
    /** The runtime cannot be reached or is starting. Retried; never blamed on a pod. */
    UNAVAILABLE,
    /** Anything else the runtime reports. */
    INTERNAL
  }

  private final Code code;

  public ContainerRuntimeException(Code code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ContainerRuntimeException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public Code code() {
    return code;
  }

  public static ContainerRuntimeException notFound(String what) {
    return new ContainerRuntimeException(Code.NOT_FOUND, what + " not found");
  }

  public boolean isNotFound() {
    return code == Code.NOT_FOUND;
  }

  /** True for failures of the runtime itself rather than of what a pod asked for. */
  public boolean isTransient() {
    return code == Code.UNAVAILABLE || code == Code.DEADLINE_EXCEEDED;
  }
}
