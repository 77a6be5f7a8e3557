package dev.ketch.apiserver.review;

import dev.ketch.apiserver.http.UserInfo;
import java.util.List;

/**
 * Decides what users may do, for the access reviews ({@code kubectl auth can-i}). The seam an RBAC
 * authorizer will fill; until then every authenticated user may do everything, which is what the
 * server enforces. Implementations are thread-safe.
 */
public interface Authorizer {

  /**
   * The decision on one request a user might make.
   *
   * @param allowed whether it is allowed
   * @param denied whether it is explicitly denied (not merely not allowed)
   * @param reason why, for people
   */
  record Decision(boolean allowed, boolean denied, String reason) {}

  /**
   * What a user may do, as SelfSubjectRulesReview lists it.
   *
   * @param resourceRules rules over resources: verbs, API groups, resources, resource names
   * @param nonResourceRules rules over other URLs: verbs, URL paths
   * @param incomplete whether the list may lack rules the authorizer could not enumerate
   */
  record Rules(List<ResourceRule> resourceRules, List<NonResourceRule> nonResourceRules, boolean incomplete) {}

  record ResourceRule(List<String> verbs, List<String> apiGroups, List<String> resources,
      List<String> resourceNames) {}

  record NonResourceRule(List<String> verbs, List<String> nonResourceURLs) {}

  /** Whether {@code user} may do what {@code attributes} describes. */
  Decision authorize(UserInfo user, RequestAttributes attributes);

  /** What {@code user} may do in {@code namespace}. */
  Rules rulesFor(UserInfo user, String namespace);

  /** What this server enforces today: any authenticated user may do anything. */
  static Authorizer allowAll() {
    return AllowAll.INSTANCE;
  }
}
