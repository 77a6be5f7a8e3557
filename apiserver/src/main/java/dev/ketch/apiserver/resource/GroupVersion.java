package dev.ketch.apiserver.resource;

/** An API group and version; the core group is the empty string. */
public record GroupVersion(String group, String version) {

  public static final GroupVersion CORE_V1 = new GroupVersion("", "v1");

  /** "v1" for the core group, "apps/v1" otherwise: the form of {@code apiVersion}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public boolean isCore() {
    return group.isEmpty();
  }

  /** The URL prefix of the group version: {@code /api/v1} or {@code /apis/apps/v1}. */
  public String path() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  public static GroupVersion parse(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? new GroupVersion("", apiVersion) : new GroupVersion(apiVersion.substring(0, slash), apiVersion.substring(slash + 1));
  }

  @Override
  public String toString() {
    return apiVersion();
  }
}
