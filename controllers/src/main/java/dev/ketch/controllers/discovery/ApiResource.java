package dev.ketch.controllers.discovery;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;
import java.util.Set;

/**
 * One resource the API serves, as discovery describes it.
 *
 * @param group the API group, empty for the core group
 * @param version the version, e.g. {@code v1}
 * @param resource the plural resource name, e.g. {@code deployments}
 * @param kind the kind, e.g. {@code Deployment}
 * @param namespaced whether objects live in namespaces
 * @param verbs the verbs the resource supports
 */
public record ApiResource(String group, String version, String resource, String kind, boolean namespaced, Set<String> verbs) {

  public ApiResource {
    group = group == null ? "" : group;
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(kind, "kind");
    verbs = Set.copyOf(verbs);
  }

  /** {@code v1} or {@code apps/v1}, as in an object's apiVersion. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code deployments.apps} or {@code pods}, as upstream writes a group resource. */
  public String groupResource() {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  public boolean supports(String... wanted) {
    for (String verb : wanted) {
      if (!verbs.contains(verb)) {
        return false;
      }
    }
    return true;
  }

  /** The URL path of the collection, in {@code namespace} when the resource is namespaced. */
  public String collectionPath(String namespace) {
    String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    if (namespaced) {
      if (namespace == null || namespace.isEmpty()) {
        throw new IllegalArgumentException(groupResource() + " is namespaced: a namespace is needed");
      }
      return root + "/namespaces/" + namespace + "/" + resource;
    }
    return root + "/" + resource;
  }

  /** The URL path of one object. */
  public String objectPath(String namespace, String name) {
    return collectionPath(namespace) + "/" + name;
  }

  /** The fabric8 description of this resource, for generic clients and informers. */
  public ResourceDefinitionContext definitionContext() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withPlural(resource)
        .withKind(kind)
        .withNamespaced(namespaced)
        .build();
  }

  @Override
  public String toString() {
    return groupResource() + "/" + version;
  }
}
