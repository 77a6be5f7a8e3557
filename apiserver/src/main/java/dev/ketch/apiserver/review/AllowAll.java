package dev.ketch.apiserver.review;

import dev.ketch.apiserver.http.UserInfo;
import java.util.List;

/** Every authenticated user may do anything: RBAC objects are stored but not enforced yet. */
enum AllowAll implements Authorizer {
  INSTANCE;

  static final String REASON = "RBAC is not enforced: every authenticated user is allowed everything";

  @Override
  public Decision authorize(UserInfo user, RequestAttributes attributes) {
    return new Decision(true, false, REASON);
  }

  @Override
  public Rules rulesFor(UserInfo user, String namespace) {
    return new Rules(
        List.of(new ResourceRule(List.of("*"), List.of("*"), List.of("*"), List.of())),
        List.of(new NonResourceRule(List.of("*"), List.of("*"))),
        false);
  }
}
