package dev.ketch.apiserver.openapi;

import dev.ketch.apiserver.resource.GroupVersion;
import java.util.Objects;

/**
 * A group, version and kind, as {@code x-kubernetes-group-version-kind} writes it: the core group
 * is the empty string, never absent, because clients compare all three keys.
 */
public record GroupVersionKind(String group, String version, String kind) {

  public GroupVersionKind {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
  }

  public static GroupVersionKind of(GroupVersion gv, String kind) {
    return new GroupVersionKind(gv.group(), gv.version(), kind);
  }

  public GroupVersion groupVersion() {
    return new GroupVersion(group, version);
  }
}
