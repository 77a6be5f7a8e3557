/**
 * API discovery: what groups, versions and resources the server has, in the documents clients
 * read before anything else.
 *
 * <p>The HTTP layer builds one {@link dev.ketch.apiserver.discovery.DiscoveryEndpoint} at
 * start-up from the {@link dev.ketch.apiserver.resource.ResourceCatalog} and, for every {@code
 * GET}, asks it first: {@code serve(path, accept, ifNoneMatch)} answers {@code /api}, {@code
 * /apis}, {@code /api/v1}, {@code /apis/<group>} and {@code /apis/<group>/<version>} with bytes
 * serialised once, and returns empty for every other path (resource paths included).
 *
 * <p>{@code /api} and {@code /apis} are negotiated ({@link
 * dev.ketch.apiserver.discovery.DiscoveryFormat}): aggregated discovery (apidiscovery.k8s.io v2
 * and v2beta1) for clients that ask for it, which kubectl 1.27+ does; the legacy documents
 * otherwise, which the Java clients always read. Nothing here answers 406. {@link
 * dev.ketch.apiserver.discovery.AcceptHeader} and {@link dev.ketch.apiserver.discovery.EntityTags}
 * are the negotiation and caching helpers, shared with the OpenAPI endpoints.
 */
package dev.ketch.apiserver.discovery;
