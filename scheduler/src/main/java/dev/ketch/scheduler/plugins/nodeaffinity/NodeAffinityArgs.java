package dev.ketch.scheduler.plugins.nodeaffinity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ketch.scheduler.config.ConfigNode;
import io.fabric8.kubernetes.api.model.NodeAffinity;

/**
 * NodeAffinity's arguments.
 *
 * @param addedAffinity node affinity every pod of the profile gets in addition to its own, or null
 */
public record NodeAffinityArgs(NodeAffinity addedAffinity) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static NodeAffinityArgs decode(ConfigNode node) {
    node.allowOnly("addedAffinity");
    ConfigNode added = node.field("addedAffinity");
    if (added.isMissing()) {
      return new NodeAffinityArgs(null);
    }
    NodeAffinity affinity;
    try {
      affinity = JSON.treeToValue(added.json(), NodeAffinity.class);
    } catch (Exception e) {
      throw added.error("not a NodeAffinity: " + e.getMessage());
    }
    try {
      NodeAffinityPlugin.compile(affinity);
    } catch (IllegalArgumentException e) {
      throw added.error(e.getMessage());
    }
    return new NodeAffinityArgs(affinity);
  }
}
