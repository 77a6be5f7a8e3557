package dev.ketch.kubelet.action;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the handlers of a pod spec (probes and lifecycle hooks) into {@link Handler}s: named ports
 * become the container's port numbers, an empty host becomes the pod's IP, an empty scheme HTTP.
 */
public final class Handlers {

  private Handlers() {}

  /** The probe's handler, or empty with a reason if it cannot be run (gRPC, unknown port name). */
  public static Result fromProbe(Probe probe, Container container, String podIp) {
    if (probe.getExec() != null) {
      return exec(probe.getExec());
    }
    if (probe.getHttpGet() != null) {
      return httpGet(probe.getHttpGet(), container, podIp);
    }
    if (probe.getTcpSocket() != null) {
      return tcp(probe.getTcpSocket(), container, podIp);
    }
    if (probe.getGrpc() != null) {
      return Result.error("gRPC probes are not supported yet");
    }
    return Result.error("missing probe handler");
  }

  /** The hook's handler, or empty with a reason if it cannot be run. */
  public static Result fromLifecycle(LifecycleHandler hook, Container container, String podIp) {
    if (hook.getExec() != null) {
      return exec(hook.getExec());
    }
    if (hook.getHttpGet() != null) {
      return httpGet(hook.getHttpGet(), container, podIp);
    }
    if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
      return Result.of(new Handler.Sleep(Duration.ofSeconds(hook.getSleep().getSeconds())));
    }
    if (hook.getTcpSocket() != null) {
      return Result.error("TCPSocket is NOT supported as a LifecycleHandler");
    }
    return Result.error("cannot run handler: no action defined");
  }

  /** A handler, or why there is none. */
  public record Result(Optional<Handler> handler, String error) {
    static Result of(Handler h) {
      return new Result(Optional.of(h), "");
    }

    static Result error(String why) {
      return new Result(Optional.empty(), why);
    }
  }

  private static Result exec(ExecAction exec) {
    return Result.of(new Handler.Exec(exec.getCommand() == null ? List.of() : exec.getCommand()));
  }

  private static Result httpGet(HTTPGetAction get, Container container, String podIp) {
    Optional<Integer> port = port(get.getPort(), container);
    if (port.isEmpty()) {
      return Result.error("unable to find port " + describe(get.getPort()) + " in container " + container.getName());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (get.getHttpHeaders() != null) {
      for (HTTPHeader h : get.getHttpHeaders()) {
        headers.put(h.getName(), h.getValue());
      }
    }
    String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
    String scheme = get.getScheme() == null || get.getScheme().isEmpty() ? "HTTP" : get.getScheme();
    String path = get.getPath() == null ? "/" : get.getPath();
    return Result.of(new Handler.HttpGet(scheme, host, port.get(), path, headers));
  }

  private static Result tcp(TCPSocketAction tcp, Container container, String podIp) {
    Optional<Integer> port = port(tcp.getPort(), container);
    if (port.isEmpty()) {
      return Result.error("unable to find port " + describe(tcp.getPort()) + " in container " + container.getName());
    }
    String host = tcp.getHost() == null || tcp.getHost().isEmpty() ? podIp : tcp.getHost();
    return Result.of(new Handler.TcpSocket(host, port.get()));
  }

  static Optional<Integer> port(IntOrString port, Container container) {
    if (port == null) {
      return Optional.empty();
    }
    if (port.getIntVal() != null) {
      return Optional.of(port.getIntVal());
    }
    String name = port.getStrVal();
    if (name != null && name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
      return Optional.of(Integer.parseInt(name));
    }
    if (container.getPorts() != null) {
      for (ContainerPort p : container.getPorts()) {
        if (name != null && name.equals(p.getName())) {
          return Optional.of(p.getContainerPort());
        }
      }
    }
    return Optional.empty();
  }

  private static String describe(IntOrString port) {
    return port == null ? "<none>" : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
  }
}
