package dev.ketch.apiserver.review;

/**
 * A request as access reviews describe it: either on a resource ({@code resourceAttributes}) or on
 * another URL ({@code nonResourceAttributes}).
 *
 * @param resourceRequest whether it is on a resource
 * @param verb the verb ({@code get}, {@code create}, … for resources; the HTTP verb in lower case
 *     for other URLs)
 * @param namespace the namespace, or empty
 * @param group the API group, empty for the core group
 * @param version the API version, or empty
 * @param resource the resource, e.g. {@code deployments}
 * @param subresource the subresource, or empty
 * @param name the object's name, or empty
 * @param path for other URLs, the path
 */
public record RequestAttributes(
    boolean resourceRequest, String verb, String namespace, String group, String version, String resource,
    String subresource, String name, String path) {}
