package dev.ketch.apiserver.openapi;

import java.util.List;
import java.util.Objects;

/**
 * The operations on one URL path template, independent of the OpenAPI version they are written
 * into.
 *
 * @param path the template, e.g. {@code /apis/apps/v1/namespaces/{namespace}/deployments/{name}}
 * @param parameters the parameters every operation of the path takes (path segments, pretty)
 * @param operations the operations, at most one per HTTP method
 */
record PathItem(String path, List<Parameter> parameters, List<Operation> operations) {

  PathItem {
    parameters = List.copyOf(parameters);
    operations = List.copyOf(operations);
  }

  /** Where a parameter goes. */
  enum In {
    PATH,
    QUERY;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A path or query parameter.
   *
   * @param name the parameter's name
   * @param in where it goes
   * @param type its JSON type: string, integer or boolean
   * @param description what it does
   */
  record Parameter(String name, In in, String type, String description) {
    boolean required() {
      return in == In.PATH;
    }
  }

  /**
   * A request body.
   *
   * @param schema what it holds
   * @param contentTypes the media types accepted
   * @param required whether a body must be sent
   */
  record Body(Shape schema, List<String> contentTypes, boolean required) {
    Body {
      contentTypes = List.copyOf(contentTypes);
    }
  }

  /**
   * A response.
   *
   * @param code the HTTP status
   * @param description what it means
   * @param schema what the body holds, or null for none
   */
  record Response(int code, String description, Shape schema) {}

  /**
   * One HTTP method on the path.
   *
   * @param method lower-case HTTP method: get, put, post, patch or delete
   * @param action the {@code x-kubernetes-action}: get, list, watch, watchlist, post, put, patch,
   *     delete, deletecollection or connect
   * @param operationId the unique operation id, e.g. {@code patchAppsV1NamespacedDeployment}
   * @param description what the operation does
   * @param tag the group version's tag, e.g. {@code apps_v1}
   * @param kind the kind it operates on ({@code x-kubernetes-group-version-kind})
   * @param parameters its own query parameters
   * @param body the request body, or null
   * @param produces the media types of its responses
   * @param responses its responses
   */
  record Operation(
      String method,
      String action,
      String operationId,
      String description,
      String tag,
      GroupVersionKind kind,
      List<Parameter> parameters,
      Body body,
      List<String> produces,
      List<Response> responses) {

    Operation {
      Objects.requireNonNull(method, "method");
      parameters = List.copyOf(parameters);
      produces = List.copyOf(produces);
      responses = List.copyOf(responses);
    }
  }
}
