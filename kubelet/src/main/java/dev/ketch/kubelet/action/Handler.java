package dev.ketch.kubelet.action;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One action the kubelet takes on a container for a probe or a lifecycle hook, with named ports
 * already resolved to numbers and an empty host already replaced by the pod's IP.
 */
public sealed interface Handler {

  /** Runs {@code command} in the container; exit code 0 is success. */
  record Exec(List<String> command) implements Handler {
    public Exec {
      command = List.copyOf(command);
    }
  }

  /** An HTTP GET; any status from 200 to 399 is success. */
  record HttpGet(String scheme, String host, int port, String path, Map<String, String> headers) implements Handler {
    public HttpGet {
      headers = Map.copyOf(headers);
    }
  }

  /** Opening a TCP connection is success. */
  record TcpSocket(String host, int port) implements Handler {}

  /** Waits; a hook only (the Sleep action of PodLifecycleSleepAction). */
  record Sleep(Duration duration) implements Handler {}
}
