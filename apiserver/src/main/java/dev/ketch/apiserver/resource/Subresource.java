package dev.ketch.apiserver.resource;

import java.util.List;

/**
 * A subresource of a resource, as discovery lists it: {@code pods/status}, {@code
 * deployments/scale}.
 *
 * @param name the subresource's name ("status", "scale", "binding", …)
 * @param kind the kind its requests and responses carry
 * @param groupVersion the group version of that kind, when it differs from the parent's (scale is
 *     autoscaling/v1, eviction policy/v1); null for the parent's own
 * @param verbs the verbs it supports
 */
public record Subresource(String name, String kind, GroupVersion groupVersion, List<String> verbs) {

  public Subresource {
    verbs = List.copyOf(verbs);
  }

  static final List<String> READ_WRITE = List.of("get", "patch", "update");

  public static Subresource status(String kind) {
    return new Subresource("status", kind, null, READ_WRITE);
  }

  public static Subresource scale() {
    return new Subresource("scale", "Scale", new GroupVersion("autoscaling", "v1"), READ_WRITE);
  }
}
