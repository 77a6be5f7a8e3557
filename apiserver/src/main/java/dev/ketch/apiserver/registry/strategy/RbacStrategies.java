package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Objects;

/**
 * Roles, ClusterRoles and their bindings (pkg/apis/rbac/validation): names are path segments;
 * rules need verbs and either resources or non-resource URLs; bindings need a roleRef that never
 * changes and well-formed subjects.
 */
public final class RbacStrategies {

  private RbacStrategies() {}

  /** A Role or ClusterRole. */
  public static final class RoleStrategy<T extends HasMetadata> extends ObjectStrategy<T> {

    private final boolean namespaced;

    public RoleStrategy(Class<T> type) {
      super(type);
      this.namespaced = type == Role.class;
    }

    @Override
    public List<String> validateName(String name) {
      return Names.pathSegment(name);
    }

    @Override
    protected void check(T role, FieldErrors errs) {
      List<PolicyRule> rules = role instanceof Role r ? Lists.of(r.getRules()) : Lists.of(((ClusterRole) role).getRules());
      for (int i = 0; i < rules.size(); i++) {
        PolicyRule rule = rules.get(i);
        FieldPath at = FieldPath.root("rules").index(i);
        if (Lists.of(rule.getVerbs()).isEmpty()) {
          errs.required(at.child("verbs"), "verbs must contain at least one value");
        }
        boolean urls = !Lists.of(rule.getNonResourceURLs()).isEmpty();
        if (urls && namespaced) {
          errs.invalid(at.child("nonResourceURLs"), GoFormat.stringList(rule.getNonResourceURLs()),
              "namespaced rules cannot apply to non-resource URLs");
        }
        if (urls && (!Lists.of(rule.getApiGroups()).isEmpty() || !Lists.of(rule.getResources()).isEmpty()
            || !Lists.of(rule.getResourceNames()).isEmpty())) {
          errs.invalid(at.child("nonResourceURLs"), GoFormat.stringList(rule.getNonResourceURLs()),
              "rules cannot apply to both regular resources and non-resource URLs");
        }
        if (!urls) {
          if (Lists.of(rule.getApiGroups()).isEmpty()) {
            errs.required(at.child("apiGroups"), "resource rules must supply at least one api group");
          }
          if (Lists.of(rule.getResources()).isEmpty()) {
            errs.required(at.child("resources"), "resource rules must supply at least one resource");
          }
        }
      }
    }
  }

  /** A RoleBinding or ClusterRoleBinding. */
  public static final class BindingStrategy<T extends HasMetadata> extends ObjectStrategy<T> {

    private final boolean namespaced;

    public BindingStrategy(Class<T> type) {
      super(type);
      this.namespaced = type == RoleBinding.class;
    }

    @Override
    public List<String> validateName(String name) {
      return Names.pathSegment(name);
    }

    private static RoleRef roleRef(HasMetadata b) {
      return b instanceof RoleBinding rb ? rb.getRoleRef() : ((ClusterRoleBinding) b).getRoleRef();
    }

    private static List<Subject> subjects(HasMetadata b) {
      return b instanceof RoleBinding rb ? Lists.of(rb.getSubjects()) : Lists.of(((ClusterRoleBinding) b).getSubjects());
    }

    @Override
    protected void check(T binding, FieldErrors errs) {
      RoleRef ref = roleRef(binding);
      FieldPath refPath = FieldPath.root("roleRef");
      String apiGroup = ref == null ? "" : Lists.orEmpty(ref.getApiGroup());
      if (!apiGroup.equals("rbac.authorization.k8s.io")) {
        errs.notSupported(refPath.child("apiGroup"), apiGroup, List.of("rbac.authorization.k8s.io"));
      }
      String kind = ref == null ? "" : Lists.orEmpty(ref.getKind());
      List<String> kinds = namespaced ? List.of("ClusterRole", "Role") : List.of("ClusterRole");
      if (!kinds.contains(kind)) {
        errs.notSupported(refPath.child("kind"), kind, kinds);
      }
      String name = ref == null ? "" : Lists.orEmpty(ref.getName());
      if (name.isEmpty()) {
        errs.required(refPath.child("name"));
      } else {
        errs.invalidEach(refPath.child("name"), name, Names.pathSegment(name));
      }
      List<Subject> subjects = subjects(binding);
      for (int i = 0; i < subjects.size(); i++) {
        Subject s = subjects.get(i);
        FieldPath at = FieldPath.root("subjects").index(i);
        if (Lists.isEmpty(s.getName())) {
          errs.required(at.child("name"));
        }
        switch (Lists.orEmpty(s.getKind())) {
          case "ServiceAccount" -> {
            if (!Lists.isEmpty(s.getName())) {
              errs.invalidEach(at.child("name"), s.getName(), Names.dns1123Subdomain(s.getName()));
            }
            if (!Lists.isEmpty(s.getApiGroup())) {
              errs.notSupported(at.child("apiGroup"), s.getApiGroup(), List.of(""));
            }
            if (!namespaced && Lists.isEmpty(s.getNamespace())) {
              errs.required(at.child("namespace"));
            }
          }
          case "User", "Group" -> {
            if (!"rbac.authorization.k8s.io".equals(s.getApiGroup())) {
              errs.notSupported(at.child("apiGroup"), Lists.orEmpty(s.getApiGroup()), List.of("rbac.authorization.k8s.io"));
            }
          }
          default -> errs.notSupported(at.child("kind"), Lists.orEmpty(s.getKind()), List.of("ServiceAccount", "User", "Group"));
        }
      }
    }

    @Override
    protected void checkUpdate(T binding, T old, FieldErrors errs) {
      RoleRef now = roleRef(binding);
      RoleRef was = roleRef(old);
      boolean same = now != null && was != null && Objects.equals(now.getApiGroup(), was.getApiGroup())
          && Objects.equals(now.getKind(), was.getKind()) && Objects.equals(now.getName(), was.getName());
      if (!same) {
        errs.invalid(FieldPath.root("roleRef"), new GoFormat.Rendered("rbac.RoleRef{APIGroup:" + q(now == null ? null : now.getApiGroup())
            + ", Kind:" + q(now == null ? null : now.getKind()) + ", Name:" + q(now == null ? null : now.getName()) + "}"),
            "cannot change roleRef");
      }
    }

    private static String q(String s) {
      return GoFormat.quote(Lists.orEmpty(s));
    }
  }
}
