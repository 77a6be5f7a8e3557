package dev.ketch.kubelet;

import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.RuntimeService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a node's pods hold in a shared runtime: every sandbox and container labelled with
 * the node's name, and only those, so other agents' pods on the same runtime are untouched.
 */
final class NodeTeardown {

  private static final Logger log = LoggerFactory.getLogger(NodeTeardown.class);

  private NodeTeardown() {}

  /** Stops and removes the node's sandboxes (with their containers), then any container left over. */
  static void removePods(RuntimeService runtime, String nodeName) {
    int sandboxes = 0;
    for (PodSandboxStatus s : runtime.listPodSandboxes(PodSandboxFilter.ofNode(nodeName))) {
      try {
        runtime.stopPodSandbox(s.id());
        runtime.removePodSandbox(s.id());
        sandboxes++;
      } catch (ContainerRuntimeException e) {
        log.atWarn().addKeyValue("node", nodeName).addKeyValue("sandbox", s.id()).setCause(e)
            .log("removing a sandbox of the node failed");
      }
    }
    int containers = 0;
    for (ContainerSummary c : runtime.listContainers(ContainerFilter.ofNode(nodeName))) {
      try {
        runtime.stopContainer(c.id(), Duration.ZERO);
        runtime.removeContainer(c.id());
        containers++;
      } catch (ContainerRuntimeException e) {
        log.atWarn().addKeyValue("node", nodeName).addKeyValue("container", c.id()).setCause(e)
            .log("removing a container of the node failed");
      }
    }
    log.atInfo().addKeyValue("node", nodeName).addKeyValue("sandboxes", sandboxes).addKeyValue("strayContainers", containers)
        .log("the node's pods removed from the runtime");
  }
}
