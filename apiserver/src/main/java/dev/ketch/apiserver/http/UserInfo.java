package dev.ketch.apiserver.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Who sent a request, as kube-apiserver's user.Info.
 *
 * @param name the user name, e.g. {@code ketch-admin} or {@code system:anonymous}
 * @param uid a unique id, or empty
 * @param groups the groups; authenticated users always include {@code system:authenticated}
 * @param method how the user was authenticated
 */
public record UserInfo(String name, String uid, List<String> groups, Method method) {

  public static final String ANONYMOUS_USER = "system:anonymous";
  public static final String AUTHENTICATED_GROUP = "system:authenticated";
  public static final String UNAUTHENTICATED_GROUP = "system:unauthenticated";
  public static final String MASTERS_GROUP = "system:masters";

  /** How a user was authenticated. */
  public enum Method {
    CLIENT_CERTIFICATE,
    BEARER_TOKEN,
    ANONYMOUS
  }

  public UserInfo {
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups);
  }

  /** The user of requests without credentials (allowed only on the health paths). */
  public static UserInfo anonymous() {
    return new UserInfo(ANONYMOUS_USER, "", List.of(UNAUTHENTICATED_GROUP), Method.ANONYMOUS);
  }

  public boolean inGroup(String group) {
    return groups.contains(group);
  }

  /** The same user with {@code system:authenticated} among its groups. */
  UserInfo withAuthenticatedGroup() {
    if (groups.contains(AUTHENTICATED_GROUP)) {
      return this;
    }
    List<String> g = new ArrayList<>(groups);
    g.add(AUTHENTICATED_GROUP);
    return new UserInfo(name, uid, g, method);
  }
}
