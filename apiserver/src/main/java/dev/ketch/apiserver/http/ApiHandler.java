package dev.ketch.apiserver.http;

/**
 * The API's logic behind the HTTPS front end: one call per request, after the request's body has
 * been read in full and its sender authenticated.
 *
 * <p>Threading: each call runs on its own virtual thread, never on a network event loop, so an
 * implementation may block (on the store, on a lock, while streaming a watch) for as long as the
 * request needs. Calls for different requests run concurrently, also for requests of one HTTP/2
 * connection; implementations must therefore be thread-safe.
 *
 * <p>The call answers through {@code response}: exactly one of {@link ApiResponse#send} or {@link
 * ApiResponse#openStream}. A stream still open when the call returns is ended cleanly for it. A
 * {@link dev.ketch.apiserver.errors.StatusException} thrown before anything was sent becomes that
 * Status; any other exception becomes a 500 Status (logged, never shown to the client). Once a
 * stream has started, a throw can only cut the stream short.
 */
@FunctionalInterface
public interface ApiHandler {

  void handle(ApiRequest request, ApiResponse response) throws Exception;
}
