/**
 * The OpenAPI documents of the server, derived from the fabric8 model classes by Jackson
 * introspection and named like kube-openapi's ({@code io.k8s.api.core.v1.Pod}, {@code
 * io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}).
 *
 * <p>At start-up the server builds {@link dev.ketch.apiserver.openapi.OpenApiDocuments} once from
 * the resource catalog and {@link dev.ketch.apiserver.openapi.OpenApiOptions} (server version,
 * whether {@code fieldValidation} is advertised, the {@link
 * dev.ketch.apiserver.openapi.PatchHints} of the strategic-merge implementation), and wraps them
 * in an {@link dev.ketch.apiserver.openapi.OpenApiEndpoint}. For every {@code GET} the HTTP layer
 * asks {@code serve(path, rawQuery, accept, ifNoneMatch)}, which answers {@code /openapi/v2}
 * (gnostic protobuf or JSON), {@code /openapi/v3} and {@code /openapi/v3/<group-version>} with
 * kube-openapi's negotiation, ETags, hash URLs and cache headers, and returns empty for every
 * other path.
 *
 * <p>{@link dev.ketch.apiserver.openapi.UnknownFields} reads the same schemas to find the fields
 * an object's schema does not declare, for {@code fieldValidation=Strict|Warn}.
 */
package dev.ketch.apiserver.openapi;
