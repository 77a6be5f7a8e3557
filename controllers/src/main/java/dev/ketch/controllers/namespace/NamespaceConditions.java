package dev.ketch.controllers.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The status conditions of a terminating namespace, as upstream's namespace deleter keeps them:
 * each of five types is True with a reason when something blocks, and False with an "ok" reason
 * otherwise. Collects what one pass found, then {@link #applyTo} updates a status. Not
 * thread-safe: one per pass.
 */
final class NamespaceConditions {

  static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
  static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
  static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
  static final String CONTENT_REMAINING = "NamespaceContentRemaining";
  static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

  private static final List<String> TYPES =
      List.of(DISCOVERY_FAILURE, GROUP_VERSION_PARSING_FAILURE, CONTENT_FAILURE, CONTENT_REMAINING, FINALIZERS_REMAINING);

  private record Ok(String reason, String message) {}

  private static final Map<String, Ok> OK = Map.of(
      DISCOVERY_FAILURE, new Ok("ResourcesDiscovered", "All resources successfully discovered"),
      GROUP_VERSION_PARSING_FAILURE, new Ok("ParsedGroupVersions", "All legacy kube types successfully parsed"),
      CONTENT_FAILURE, new Ok("ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
      CONTENT_REMAINING, new Ok("ContentRemoved", "All content successfully removed"),
      FINALIZERS_REMAINING, new Ok("ContentHasNoFinalizers", "All content-preserving finalizers finished"));

  private final Instant now;
  private final Map<String, NamespaceCondition> failing = new TreeMap<>();
  private final List<String> deleteErrors = new ArrayList<>();

  NamespaceConditions(Instant now) {
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  void discoveryFailed(Map<String, String> failedGroups) {
    failing.put(DISCOVERY_FAILURE, condition(DISCOVERY_FAILURE, "DiscoveryFailed",
        "Discovery failed for some groups, " + failedGroups.size() + " failing: " + new TreeMap<>(failedGroups)));
  }

  void deleteFailed(String error) {
    deleteErrors.add(error);
  }

  /** What is left: instances per group resource, and objects per finalizer. */
  void remaining(Map<String, Integer> byResource, Map<String, Integer> byFinalizer) {
    List<String> resources = new ArrayList<>();
    new TreeMap<>(byResource).forEach((r, n) -> {
      if (n > 0) {
        resources.add(r + " has " + n + " resource instances");
      }
    });
    if (!resources.isEmpty()) {
      failing.put(CONTENT_REMAINING, condition(CONTENT_REMAINING, "SomeResourcesRemain",
          "Some resources are remaining: " + String.join(", ", resources)));
    }
    List<String> finalizers = new ArrayList<>();
    new TreeMap<>(byFinalizer).forEach((f, n) -> {
      if (n > 0) {
        finalizers.add(f + " in " + n + " resource instances");
      }
    });
    if (!finalizers.isEmpty()) {
      failing.put(FINALIZERS_REMAINING, condition(FINALIZERS_REMAINING, "SomeFinalizersRemain",
          "Some content in the namespace has finalizers remaining: " + String.join(", ", finalizers)));
    }
  }

  /**
   * Brings {@code status}'s conditions in line with this pass; a condition's transition time
   * moves only when its status flips.
   *
   * @return whether anything changed
   */
  boolean applyTo(NamespaceStatus status) {
    if (!deleteErrors.isEmpty()) {
      List<String> sorted = deleteErrors.stream().sorted().toList();
      failing.put(CONTENT_FAILURE, condition(CONTENT_FAILURE, "ContentDeletionFailed",
          "Failed to delete all resource types, " + sorted.size() + " remaining: " + String.join(", ", sorted)));
    }
    List<NamespaceCondition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
    boolean changed = false;
    for (String type : TYPES) {
      NamespaceCondition wanted = failing.get(type);
      if (wanted == null) {
        Ok ok = OK.get(type);
        wanted = new NamespaceConditionBuilder().withType(type).withStatus("False").withReason(ok.reason())
            .withMessage(ok.message()).withLastTransitionTime(now.toString()).build();
      }
      NamespaceCondition current = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
      if (current == null) {
        conditions.add(wanted);
        changed = true;
      } else if (!Objects.equals(current.getStatus(), wanted.getStatus()) || !Objects.equals(current.getReason(), wanted.getReason())
          || !Objects.equals(current.getMessage(), wanted.getMessage())) {
        if (!Objects.equals(current.getStatus(), wanted.getStatus())) {
          current.setLastTransitionTime(now.toString());
        }
        current.setStatus(wanted.getStatus());
        current.setReason(wanted.getReason());
        current.setMessage(wanted.getMessage());
        changed = true;
      }
    }
    status.setConditions(conditions);
    return changed;
  }

  private NamespaceCondition condition(String type, String reason, String message) {
    return new NamespaceConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastTransitionTime(now.toString()).build();
  }
}
