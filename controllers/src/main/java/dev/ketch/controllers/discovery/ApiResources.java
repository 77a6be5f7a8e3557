package dev.ketch.controllers.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one discovery found: the preferred version of every resource, and the groups that failed.
 * Immutable and thread-safe.
 */
public final class ApiResources {

  private final List<ApiResource> resources;
  private final Map<String, String> failedGroups;
  private final Map<String, ApiResource> byGroupKind = new HashMap<>();

  /**
   * @param resources every top-level resource (no subresources) at its group's preferred version
   * @param failedGroups the group versions whose resource lists could not be read, with why
   */
  public ApiResources(List<ApiResource> resources, Map<String, String> failedGroups) {
    this.resources = List.copyOf(resources);
    this.failedGroups = Map.copyOf(failedGroups);
    for (ApiResource r : this.resources) {
      byGroupKind.putIfAbsent(r.group() + "/" + r.kind(), r);
    }
  }

  public List<ApiResource> resources() {
    return resources;
  }

  public Map<String, String> failedGroups() {
    return failedGroups;
  }

  /** The resources supporting every one of {@code verbs}. */
  public List<ApiResource> supporting(String... verbs) {
    return resources.stream().filter(r -> r.supports(verbs)).toList();
  }

  /**
   * The resource of objects with this apiVersion and kind. The version is not compared: every
   * version of a group serves the same objects, and the preferred one is listed.
   */
  public Optional<ApiResource> forKind(String apiVersion, String kind) {
    return Optional.ofNullable(byGroupKind.get(groupOf(apiVersion) + "/" + kind));
  }

  /** The group of an apiVersion: {@code apps} for {@code apps/v1}, empty for {@code v1}. */
  public static String groupOf(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  @Override
  public String toString() {
    return "ApiResources[" + resources.size() + " resources, failed=" + failedGroups.keySet() + "]";
  }
}
