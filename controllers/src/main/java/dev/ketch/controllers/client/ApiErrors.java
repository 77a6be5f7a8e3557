package dev.ketch.controllers.client;

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
