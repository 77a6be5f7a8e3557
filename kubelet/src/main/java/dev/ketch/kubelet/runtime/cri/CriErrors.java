package dev.ketch.kubelet.runtime.cri;

import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerRuntimeException.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;

/**
 * Turns a CRI call's gRPC failure into the kubelet's {@link ContainerRuntimeException}, keeping the
 * runtime's message (which the user sees in waiting reasons and events). gRPC's codes map directly
 * (UNAVAILABLE, DEADLINE_EXCEEDED, NOT_FOUND, INVALID_ARGUMENT as INVALID_CONFIG); which call failed
 * refines them, since containerd reports most failures as UNKNOWN with a message: a container
 * created from an image that is not there is IMAGE_NOT_PRESENT, a failed pull IMAGE_PULL_FAILED, a
 * start whose executable or working directory is missing COMMAND_NOT_FOUND, an exec into a
 * container that no longer runs NOT_FOUND, an exec that ran out of time DEADLINE_EXCEEDED.
 * Stateless and thread-safe.
 */
public final class CriErrors {

  /** The call that failed, where that changes the meaning of a code. */
  public enum Call {
    OTHER,
    CREATE_CONTAINER,
    START_CONTAINER,
    EXEC_SYNC,
    PULL_IMAGE
  }

  private CriErrors() {}

  public static ContainerRuntimeException of(Call call, StatusRuntimeException e) {
    Status s = e.getStatus();
    String message = s.getDescription() != null ? s.getDescription() : s.getCode().name();
    String lower = message.toLowerCase(Locale.ROOT);
    Code code = switch (s.getCode()) {
      case UNAVAILABLE -> Code.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> Code.DEADLINE_EXCEEDED;
      case CANCELLED -> Code.UNAVAILABLE;
      case NOT_FOUND -> Code.NOT_FOUND;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, OUT_OF_RANGE -> Code.INVALID_CONFIG;
      default -> Code.INTERNAL;
    };
    if (code == Code.UNAVAILABLE || code == Code.DEADLINE_EXCEEDED && call != Call.EXEC_SYNC) {
      return new ContainerRuntimeException(code, message, e);
    }
    code = switch (call) {
      case CREATE_CONTAINER -> code == Code.NOT_FOUND && lower.contains("image") ? Code.IMAGE_NOT_PRESENT
          : code == Code.NOT_FOUND ? Code.NOT_FOUND : Code.INVALID_CONFIG;
      case START_CONTAINER -> commandNotFound(lower) ? Code.COMMAND_NOT_FOUND : code == Code.NOT_FOUND ? code : Code.INTERNAL;
      case EXEC_SYNC -> code == Code.DEADLINE_EXCEEDED || lower.contains("timeout") && lower.contains("exceeded")
          ? Code.DEADLINE_EXCEEDED
          : code == Code.NOT_FOUND || code == Code.INVALID_CONFIG || lower.contains("not running")
              || lower.contains("container_exited") ? Code.NOT_FOUND : code;
      case PULL_IMAGE -> Code.IMAGE_PULL_FAILED;
      case OTHER -> code;
    };
    return new ContainerRuntimeException(code, message, e);
  }

  /** runc's words for an executable or working directory that cannot be used. */
  static boolean commandNotFound(String lower) {
    return lower.contains("executable file not found") || lower.contains("no such file or directory")
        || lower.contains("permission denied") || lower.contains("not a directory") || lower.contains("chdir");
  }
}
