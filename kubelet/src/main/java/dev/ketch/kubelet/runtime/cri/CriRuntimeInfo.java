package dev.ketch.kubelet.runtime.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ketch.kubelet.runtime.cri.v1.Api;
import java.util.Map;

/**
 * What a CRI runtime says about itself in a verbose Status: whether it and its network are ready,
 * and, from containerd's {@code config}, the CNI configuration directory (where the node's network
 * list must go) and the sandbox image (which must be present, since nothing can be pulled here).
 *
 * @param runtimeReady the RuntimeReady condition
 * @param networkReady the NetworkReady condition
 * @param problem the reason and message of the first condition that is false, or empty
 * @param cniConfDir the CNI configuration directory, or empty if the runtime does not say
 * @param sandboxImage the pod sandbox image, or empty if the runtime does not say
 */
public record CriRuntimeInfo(boolean runtimeReady, boolean networkReady, String problem, String cniConfDir,
    String sandboxImage) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static CriRuntimeInfo of(Api.StatusResponse status) {
    boolean runtime = false;
    boolean network = false;
    String problem = "";
    for (Api.RuntimeCondition c : status.getStatus().getConditionsList()) {
      if (c.getType().equals("RuntimeReady")) {
        runtime = c.getStatus();
      } else if (c.getType().equals("NetworkReady")) {
        network = c.getStatus();
      }
      if (!c.getStatus() && problem.isEmpty()) {
        problem = c.getType() + "=false reason:" + c.getReason() + " message:" + c.getMessage();
      }
    }
    String confDir = "";
    String sandboxImage = "";
    Map<String, String> info = status.getInfoMap();
    if (info.containsKey("config")) {
      try {
        JsonNode config = JSON.readTree(info.get("config"));
        confDir = config.path("cni").path("confDir").asText("");
        sandboxImage = config.path("sandboxImage").asText("");
      } catch (java.io.IOException e) {
        // Not containerd's format: the caller falls back to its defaults.
      }
    }
    return new CriRuntimeInfo(runtime, network, problem, confDir, sandboxImage);
  }
}
