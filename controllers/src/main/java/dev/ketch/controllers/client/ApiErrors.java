package dev.ketch.controllers.client;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Predicates on the errors the client reports, named as apimachinery's. */
public final class ApiErrors {

  private ApiErrors() {}

  public static boolean isNotFound(Throwable e) {
    return code(e) == 404;
  }

  public static boolean isConflict(Throwable e) {
    return code(e) == 409;
  }

  /** 405: the verb is not served for the resource. */
  public static boolean isMethodNotSupported(Throwable e) {
    return code(e) == 405;
  }

  /** 422: the request was well-formed but invalid, e.g. a JSON patch whose test failed. */
  public static boolean isInvalid(Throwable e) {
    return code(e) == 422;
  }

  public static boolean isForbidden(Throwable e) {
    return code(e) == 403;
  }

  /** 409 with reason AlreadyExists (a create of a name taken), as opposed to a Conflict. */
  public static boolean isAlreadyExists(Throwable e) {
    return code(e) == 409 && "AlreadyExists".equals(reason(e));
  }

  /** 403 with a NamespaceTerminating cause: creation in a namespace being deleted. */
  public static boolean isNamespaceTerminating(Throwable e) {
    Status s = status(e);
    return s != null && s.getDetails() != null && s.getDetails().getCauses() != null
        && s.getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
  }

  /** The Status reason of a client error, or null. */
  public static String reason(Throwable e) {
    Status s = status(e);
    return s == null ? null : s.getReason();
  }

  /** The API's message for a client error (its Status message when it has one), for events and conditions. */
  public static String message(Throwable e) {
    Status s = status(e);
    if (s != null && s.getMessage() != null && !s.getMessage().isEmpty()) {
      return s.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static Status status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getStatus() != null) {
        return k.getStatus();
      }
    }
    return null;
  }

  /** The HTTP status of a client error, or 0 if it is not one. */
  public static int code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode();
      }
    }
    return 0;
  }
}
