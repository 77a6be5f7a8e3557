package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.errors.StatusException;

/** resourceVersion strings as clients send them. */
public final class ResourceVersions {

  private ResourceVersions() {}

  /** The revision a non-empty resourceVersion names; anything but digits is a 400. */
  public static long parse(String resourceVersion) {
    try {
      long v = Long.parseLong(resourceVersion);
      if (v < 0) {
        throw new NumberFormatException("negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw StatusException.badRequest("invalid resource version: " + resourceVersion);
    }
  }
}
