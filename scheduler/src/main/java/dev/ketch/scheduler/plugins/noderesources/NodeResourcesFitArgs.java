package dev.ketch.scheduler.plugins.noderesources;

import dev.ketch.scheduler.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * NodeResourcesFit's arguments.
 *
 * @param ignoredResources extended resources the filter does not check
 * @param ignoredResourceGroups extended resource prefixes ("example.com") the filter does not check
 * @param scoring how nodes are scored
 */
public record NodeResourcesFitArgs(Set<String> ignoredResources, Set<String> ignoredResourceGroups, ScoringStrategy scoring) {

  public static final NodeResourcesFitArgs DEFAULT = new NodeResourcesFitArgs(Set.of(), Set.of(), new LeastAllocated(ResourceSpec.DEFAULT));

  public static NodeResourcesFitArgs decode(ConfigNode node) {
    node.allowOnly("ignoredResources", "ignoredResourceGroups", "scoringStrategy");
    Set<String> ignored = strings(node.field("ignoredResources"));
    Set<String> groups = strings(node.field("ignoredResourceGroups"));
    for (ConfigNode g : node.field("ignoredResourceGroups").elements()) {
      if (g.string("").contains("/")) {
        throw g.error("resource group name can't contain '/'");
      }
    }
    ConfigNode s = node.field("scoringStrategy").allowOnly("type", "resources", "requestedToCapacityRatio");
    List<ResourceSpec> resources = ResourceSpec.decodeList(s.field("resources"));
    String type = s.field("type").string("LeastAllocated");
    ScoringStrategy scoring = switch (type) {
      case "LeastAllocated" -> new LeastAllocated(resources);
      case "MostAllocated" -> new MostAllocated(resources);
      case "RequestedToCapacityRatio" -> new RequestedToCapacityRatio(resources, shape(s.field("requestedToCapacityRatio")));
      default -> throw s.field("type").error("unsupported value \"" + type
          + "\": supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\"");
    };
    if (!type.equals("RequestedToCapacityRatio") && !s.field("requestedToCapacityRatio").isMissing()) {
      throw s.field("requestedToCapacityRatio").error("only allowed with type RequestedToCapacityRatio");
    }
    return new NodeResourcesFitArgs(ignored, groups, scoring);
  }

  private static Set<String> strings(ConfigNode list) {
    List<String> out = new ArrayList<>();
    for (ConfigNode e : list.elements()) {
      out.add(e.requiredString());
    }
    return Set.copyOf(out);
  }

  private static List<RequestedToCapacityRatio.Point> shape(ConfigNode node) {
    node.allowOnly("shape");
    if (node.field("shape").isMissing()) {
      return RequestedToCapacityRatio.DEFAULT_SHAPE;
    }
    List<RequestedToCapacityRatio.Point> points = new ArrayList<>();
    int last = -1;
    for (ConfigNode p : node.field("shape").elements()) {
      p.allowOnly("utilization", "score");
      int u = p.field("utilization").integer(0, 0, 100);
      if (u <= last) {
        throw p.field("utilization").error("utilization values must be sorted in increasing order, got " + u + " after " + last);
      }
      last = u;
      points.add(new RequestedToCapacityRatio.Point(u, p.field("score").integer(0, 0, 10)));
    }
    if (points.isEmpty()) {
      throw node.field("shape").error("at least one point is required");
    }
    return points;
  }
}
