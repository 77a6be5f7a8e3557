package dev.ketch.apiserver.errors;

/** The reasons of a failure Status, with their HTTP codes, as Kubernetes' StatusReason. */
public enum Reason {
  BAD_REQUEST("BadRequest", 400),
  UNAUTHORIZED("Unauthorized", 401),
  FORBIDDEN("Forbidden", 403),
  NOT_FOUND("NotFound", 404),
  METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
  NOT_ACCEPTABLE("NotAcceptable", 406),
  ALREADY_EXISTS("AlreadyExists", 409),
  CONFLICT("Conflict", 409),
  GONE("Gone", 410),
  EXPIRED("Expired", 410),
  REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413),
  UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415),
  INVALID("Invalid", 422),
  TOO_MANY_REQUESTS("TooManyRequests", 429),
  INTERNAL_ERROR("InternalError", 500),
  SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
  TIMEOUT("Timeout", 504),
  /**
   * No reason: kube-apiserver answers 500 with an empty reason for failures that are not status
   * errors (an apply whose configuration does not fit the schema, for one).
   */
  UNKNOWN("", 500);

  private final String wire;
  private final int code;

  Reason(String wire, int code) {
    this.wire = wire;
    this.code = code;
  }

  /** The reason as it appears in a Status. */
  public String wire() {
    return wire;
  }

  public int code() {
    return code;
  }
}
