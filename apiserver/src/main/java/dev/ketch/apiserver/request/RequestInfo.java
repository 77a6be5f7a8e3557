package dev.ketch.apiserver.request;

import dev.ketch.apiserver.resource.GroupVersion;

/**
 * What a request asks for, read from its method, path and query the way kube-apiserver's
 * RequestInfoFactory reads them.
 *
 * @param resourceRequest true for requests on API resources; false for /version, /healthz,
 *     discovery roots and other paths
 * @param verb get, list, watch, create, update, patch, delete, deletecollection (resource
 *     requests), or the lower-case HTTP method otherwise
 * @param path the request path
 * @param groupVersion the group version (null for non-resource requests and discovery roots)
 * @param namespace the namespace, or empty
 * @param resource the resource's plural name, or empty
 * @param name the object's name, or empty
 * @param subresource the subresource, or empty
 */
public record RequestInfo(
    boolean resourceRequest,
    String verb,
    String path,
    GroupVersion groupVersion,
    String namespace,
    String resource,
    String name,
    String subresource) {

  public boolean hasName() {
    return !name.isEmpty();
  }

  public boolean hasNamespace() {
    return !namespace.isEmpty();
  }

  public boolean hasSubresource() {
    return !subresource.isEmpty();
  }
}
