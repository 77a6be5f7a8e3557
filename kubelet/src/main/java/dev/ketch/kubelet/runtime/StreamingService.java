package dev.ketch.kubelet.runtime;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What {@code kubectl exec}, {@code attach} and {@code port-forward} need from a runtime, the
 * counterpart of CRI's Exec, Attach and PortForward calls. The kubelet's server speaks the
 * client protocols (WebSocket channels, SPDY/3.1) and drives these; a runtime only starts the
 * command and says where a pod's port is.
 *
 * <p>Thread-safety: safe for concurrent use; calls may block briefly.
 */
public interface StreamingService {

  /**
   * Starts {@code command} in a running container, with pipes for its standard streams (or one
   * terminal when {@code tty}).
   *
   * @throws ContainerRuntimeException NOT_FOUND if the container does not run, COMMAND_NOT_FOUND
   *     if the command cannot be started
   */
  StreamingProcess exec(String containerId, List<String> command, boolean tty);

  /**
   * Where a connection to {@code port} of the pod's network goes.
   *
   * @throws ContainerRuntimeException NOT_FOUND if the sandbox is not ready
   */
  InetSocketAddress portForwardTarget(String podSandboxId, int port);
}
