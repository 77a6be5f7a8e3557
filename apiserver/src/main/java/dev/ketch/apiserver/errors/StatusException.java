package dev.ketch.apiserver.errors;

import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A request the API refuses, carried up to the HTTP layer and answered as a Kubernetes Status with
 * its code, reason, message and causes, so that clients print their usual messages. The
 * constructors word messages the way kube-apiserver does.
 */
public final class StatusException extends RuntimeException {

  private final Reason reason;
  private final String group;
  private final String kind;
  private final String name;
  private final List<Cause> causes;
  private final Integer retryAfterSeconds;

  public StatusException(Reason reason, String message, String group, String kind, String name, List<Cause> causes) {
    this(reason, message, group, kind, name, causes, null);
  }

  private StatusException(
      Reason reason, String message, String group, String kind, String name, List<Cause> causes, Integer retryAfter) {
    super(message, null, false, false);
    this.reason = reason;
    this.group = group;
    this.kind = kind;
    this.name = name;
    this.causes = List.copyOf(causes);
    this.retryAfterSeconds = retryAfter;
  }

  public static StatusException of(Reason reason, String message) {
    return new StatusException(reason, message, null, null, null, List.of());
  }

  public static StatusException badRequest(String message) {
    return of(Reason.BAD_REQUEST, message);
  }

  public static StatusException notFound(ResourceType type, String name) {
    return new StatusException(
        Reason.NOT_FOUND, type.qualifiedName() + " \"" + name + "\" not found", type.group(), type.plural(), name, List.of());
  }

  public static StatusException notFound(String message) {
    return of(Reason.NOT_FOUND, message);
  }

  public static StatusException alreadyExists(ResourceType type, String name) {
    return new StatusException(
        Reason.ALREADY_EXISTS, type.qualifiedName() + " \"" + name + "\" already exists", type.group(), type.plural(), name, List.of());
  }

  /** A stale resourceVersion or a failed precondition. */
  public static StatusException conflict(ResourceType type, String name, String why) {
    return new StatusException(
        Reason.CONFLICT,
        "Operation cannot be fulfilled on " + type.qualifiedName() + " \"" + name + "\": " + why,
        type.group(), type.plural(), name, List.of());
  }

  /** Validation failed: kubectl prints {@code The Kind "name" is invalid:} then each cause. */
  public static StatusException invalid(ResourceType type, String name, List<Cause> causes) {
    String detail = causes.stream().map(Cause::toString).collect(Collectors.joining(", "));
    String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    String message = qualifiedKind + " \"" + name + "\" is invalid: " + (causes.size() == 1 ? detail : "[" + detail + "]");
    return new StatusException(Reason.INVALID, message, type.group(), type.kind(), name, causes);
  }

  /** Options that cannot be combined, and the like: 422 Invalid about the request, not an object. */
  public static StatusException invalidRequest(ResourceType type, String message) {
    return new StatusException(Reason.INVALID, message, type.group(), type.kind(), null, List.of());
  }

  /**
   * A server-side apply that would change fields other managers own: 409 Conflict without object
   * details, one {@code FieldManagerConflict} cause per field.
   */
  public static StatusException applyConflict(String message, List<Cause> causes) {
    return new StatusException(Reason.CONFLICT, message, null, null, null, causes);
  }

  /**
   * Invalid request options ({@code fieldManager}, {@code force}): 422 about {@code
   * <kind>.meta.k8s.io ""}, as upstream's validation of CreateOptions, UpdateOptions and
   * PatchOptions reads.
   */
  public static StatusException invalidOptions(String optionsKind, List<Cause> causes) {
    String detail = causes.stream().map(Cause::toString).collect(Collectors.joining(", "));
    String message = optionsKind + ".meta.k8s.io \"\" is invalid: " + (causes.size() == 1 ? detail : "[" + detail + "]");
    return new StatusException(Reason.INVALID, message, "meta.k8s.io", optionsKind, "", causes);
  }

  /** A failure that is not a status error: 500 with an empty reason and the message as is. */
  public static StatusException unknown(String message) {
    return of(Reason.UNKNOWN, message);
  }

  public static StatusException expired(String message) {
    return of(Reason.EXPIRED, message);
  }

  public static StatusException methodNotAllowed(String message) {
    return of(Reason.METHOD_NOT_ALLOWED, message);
  }

  public static StatusException unsupportedMediaType(String contentType) {
    return of(Reason.UNSUPPORTED_MEDIA_TYPE, "the body of the request was in an unknown format - accepted media types include: "
        + "application/json, application/yaml, application/vnd.kubernetes.protobuf" + (contentType == null ? "" : " (got " + contentType + ")"));
  }

  public static StatusException tooLarge(long limit) {
    return of(Reason.REQUEST_ENTITY_TOO_LARGE, "the request is too large; the limit is " + limit + " bytes");
  }

  public static StatusException unauthorized() {
    return of(Reason.UNAUTHORIZED, "Unauthorized");
  }

  public static StatusException forbidden(String message) {
    return of(Reason.FORBIDDEN, message);
  }

  public static StatusException tooManyRequests(String message, int retryAfterSeconds) {
    return new StatusException(Reason.TOO_MANY_REQUESTS, message, null, null, null, List.of(), retryAfterSeconds);
  }

  public static StatusException internal(String message) {
    return of(Reason.INTERNAL_ERROR, "Internal error occurred: " + message);
  }

  public static StatusException unavailable(String message) {
    return of(Reason.SERVICE_UNAVAILABLE, message);
  }

  public static StatusException timeout(String message) {
    return of(Reason.TIMEOUT, message);
  }

  public Reason reason() {
    return reason;
  }

  public int code() {
    return reason.code();
  }

  public List<Cause> causes() {
    return causes;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The Status object of the response body. */
  public Status toStatus() {
    StatusBuilder b =
        new StatusBuilder()
            .withApiVersion("v1")
            .withKind("Status")
            .withNewMetadata()
            .endMetadata()
            .withStatus("Failure")
            .withMessage(getMessage())
            .withReason(reason.wire().isEmpty() ? null : reason.wire())
            .withCode(reason.code());
    if (group != null || kind != null || name != null || !causes.isEmpty() || retryAfterSeconds != null) {
      List<StatusCause> sc =
          causes.stream()
              .map(c -> new StatusCauseBuilder().withReason(c.type()).withMessage(c.message()).withField(c.field()).build())
              .toList();
      b.withDetails(
          new StatusDetailsBuilder()
              .withName(name)
              .withGroup(group)
              .withKind(kind)
              .withCauses(sc.isEmpty() ? null : sc)
              .withRetryAfterSeconds(retryAfterSeconds)
              .build());
    }
    return b.build();
  }
}
