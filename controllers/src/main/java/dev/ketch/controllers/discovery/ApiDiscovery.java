package dev.ketch.controllers.discovery;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the API's discovery documents ({@code /api/v1}, {@code /apis}, {@code /apis/<group>/<preferred version>})
 * into {@link ApiResources}, as client-go's ServerPreferredResources. A group that fails is
 * reported, not fatal: callers work with what was found. Thread-safe; each call asks the API.
 */
public final class ApiDiscovery {

  private final KubernetesClient client;

  public ApiDiscovery(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Discovers every top-level resource at its group's preferred version.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException if the group list itself
   *     cannot be read
   */
  public ApiResources discover() {
    List<ApiResource> found = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    addGroupVersion("", "v1", found, failed);
    for (APIGroup group : client.getApiGroups().getGroups()) {
      if (group.getPreferredVersion() == null) {
        continue;
      }
      addGroupVersion(group.getName(), group.getPreferredVersion().getVersion(), found, failed);
    }
    return new ApiResources(found, failed);
  }

  private void addGroupVersion(String group, String version, List<ApiResource> found, Map<String, String> failed) {
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    APIResourceList list;
    try {
      list = client.getApiResources(groupVersion);
    } catch (RuntimeException e) {
      failed.put(groupVersion, e.getMessage());
      return;
    }
    if (list == null) {
      failed.put(groupVersion, "the server could not find the requested resource");
      return;
    }
    for (APIResource r : list.getResources()) {
      if (r.getName().contains("/")) {
        continue;
      }
      found.add(new ApiResource(group, version, r.getName(), r.getKind(), Boolean.TRUE.equals(r.getNamespaced()),
          r.getVerbs() == null ? java.util.Set.of() : java.util.Set.copyOf(r.getVerbs())));
    }
  }
}
