package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * The paths every kube-apiserver serves before any API: {@code /healthz}, {@code /livez},
 * {@code /readyz} (and the checks below them) answer {@code ok} as text; {@code /version} answers
 * the {@link KubernetesVersion} as JSON. Anything else goes to the next handler. Immutable and
 * thread-safe when the next handler is.
 */
public final class BasicEndpoints implements ApiHandler {

  /** Answers 404 with kube-apiserver's Status for unknown paths. */
  public static final ApiHandler NOT_FOUND =
      (request, response) -> {
        throw StatusException.notFound("the server could not find the requested resource");
      };

  private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
  private static final Headers NO_SNIFF = Headers.of("X-Content-Type-Options", "nosniff");

  private final byte[] version;
  private final ApiHandler next;

  public BasicEndpoints(KubernetesVersion version, ApiHandler next) {
    this.version = Json.bytes(version);
    this.next = next;
  }

  @Override
  public void handle(ApiRequest request, ApiResponse response) throws Exception {
    String path = request.path();
    boolean health = Authenticator.isPublic(path);
    if (!health && !path.equals("/version")) {
      next.handle(request, response);
      return;
    }
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    if (health) {
      response.send(200, "text/plain; charset=utf-8", NO_SNIFF, OK);
    } else {
      response.send(200, "application/json", version);
    }
  }
}
