package dev.ketch.scheduler.plugins.interpodaffinity;

import dev.ketch.scheduler.config.ConfigNode;

/**
 * InterPodAffinity's arguments.
 *
 * @param hardPodAffinityWeight score weight (0–100) of existing pods' required affinity terms that
 *     the incoming pod matches
 * @param ignorePreferredTermsOfExistingPods whether scoring looks only at the incoming pod's
 *     preferred terms
 */
public record InterPodAffinityArgs(int hardPodAffinityWeight, boolean ignorePreferredTermsOfExistingPods) {

  public static final InterPodAffinityArgs DEFAULT = new InterPodAffinityArgs(1, false);

  public static InterPodAffinityArgs decode(ConfigNode node) {
    node.allowOnly("hardPodAffinityWeight", "ignorePreferredTermsOfExistingPods");
    return new InterPodAffinityArgs(node.field("hardPodAffinityWeight").integer(1, 0, 100),
        node.field("ignorePreferredTermsOfExistingPods").bool(false));
  }
}
