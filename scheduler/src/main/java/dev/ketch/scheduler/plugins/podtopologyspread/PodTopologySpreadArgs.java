package dev.ketch.scheduler.plugins.podtopologyspread;

import dev.ketch.scheduler.config.ConfigNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PodTopologySpread's arguments.
 *
 * @param defaultConstraints constraints for pods that declare none (with defaultingType List)
 * @param systemDefaulting whether the system defaults apply instead (defaultingType System, the
 *     default): spread the pods of one Service, ReplicaSet, StatefulSet or ReplicationController
 *     with maxSkew 3 over nodes and 5 over zones, as a preference
 */
public record PodTopologySpreadArgs(List<DefaultConstraint> defaultConstraints, boolean systemDefaulting) {

  public static final List<DefaultConstraint> SYSTEM_DEFAULTS = List.of(
      new DefaultConstraint(3, "kubernetes.io/hostname", SpreadConstraint.SCHEDULE_ANYWAY),
      new DefaultConstraint(5, "topology.kubernetes.io/zone", SpreadConstraint.SCHEDULE_ANYWAY));

  public static final PodTopologySpreadArgs DEFAULT = new PodTopologySpreadArgs(List.of(), true);

  /**
   * A default constraint; its selector comes from the pod's Services and controllers.
   *
   * @param maxSkew at least 1
   * @param topologyKey the node label
   * @param whenUnsatisfiable DoNotSchedule or ScheduleAnyway
   */
  public record DefaultConstraint(int maxSkew, String topologyKey, String whenUnsatisfiable) {}

  public PodTopologySpreadArgs {
    defaultConstraints = List.copyOf(defaultConstraints);
  }

  /** The constraints pods without their own get. */
  public List<DefaultConstraint> effectiveDefaults() {
    return systemDefaulting ? SYSTEM_DEFAULTS : defaultConstraints;
  }

  public static PodTopologySpreadArgs decode(ConfigNode node) {
    node.allowOnly("defaultConstraints", "defaultingType");
    String type = node.field("defaultingType").string("System");
    if (!type.equals("System") && !type.equals("List")) {
      throw node.field("defaultingType").error("unsupported value \"" + type + "\": supported values: \"List\", \"System\"");
    }
    List<DefaultConstraint> constraints = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ConfigNode c : node.field("defaultConstraints").elements()) {
      c.allowOnly("maxSkew", "topologyKey", "whenUnsatisfiable", "labelSelector");
      if (!c.field("labelSelector").isMissing()) {
        throw c.field("labelSelector").error("constraint must not define a selector, as they deduced for each pod");
      }
      int maxSkew = c.field("maxSkew").integer(0, 1, Integer.MAX_VALUE);
      String key = c.field("topologyKey").requiredString();
      String when = c.field("whenUnsatisfiable").requiredString();
      if (!when.equals(SpreadConstraint.DO_NOT_SCHEDULE) && !when.equals(SpreadConstraint.SCHEDULE_ANYWAY)) {
        throw c.field("whenUnsatisfiable").error("unsupported value \"" + when + "\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"");
      }
      if (!seen.add(key + "/" + when)) {
        throw c.error("duplicate constraint for topologyKey \"" + key + "\" and whenUnsatisfiable \"" + when + "\"");
      }
      constraints.add(new DefaultConstraint(maxSkew, key, when));
    }
    if (type.equals("System") && !constraints.isEmpty()) {
      throw node.field("defaultConstraints").error("must be empty when defaultingType is System");
    }
    return new PodTopologySpreadArgs(constraints, type.equals("System"));
  }
}
