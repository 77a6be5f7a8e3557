package dev.ketch.kubelet.runtime;

import java.net.URI;
import java.util.List;

/**
 * Streaming as CRI does it: the runtime runs a streaming server of its own (speaking the same
 * SPDY and WebSocket protocols as the kubelet) and answers, for each exec, attach or
 * port-forward, the URL that serves it once; the kubelet relays the client's upgraded connection
 * there. The alternative to {@link StreamingService} for runtimes such as containerd.
 */
public interface RemoteStreaming {

  /** @throws ContainerRuntimeException NOT_FOUND if the container does not run */
  URI execUrl(String containerId, List<String> command, boolean tty, boolean stdin, boolean stdout, boolean stderr);

  /** @throws ContainerRuntimeException NOT_FOUND if the container does not run */
  URI attachUrl(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr);

  /** @throws ContainerRuntimeException NOT_FOUND if the sandbox is not ready */
  URI portForwardUrl(String podSandboxId, List<Integer> ports);
}
