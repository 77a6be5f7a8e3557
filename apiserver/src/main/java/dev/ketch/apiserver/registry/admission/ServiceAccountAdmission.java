package dev.ketch.apiserver.registry.admission;

import dev.ketch.apiserver.registry.AdmissionPlugin;
import dev.ketch.apiserver.registry.AdmissionRequest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;

/**
 * The ServiceAccount plugin, in part: a new pod without {@code serviceAccountName} gets {@code
 * default} (mirror pods excepted), and the deprecated {@code serviceAccount} field mirrors it as
 * the v1 API does. With {@code requireServiceAccount}, a pod naming a ServiceAccount that does
 * not exist is refused as upstream refuses it ({@code error looking up service account ns/name});
 * leave it off until something creates each namespace's {@code default} ServiceAccount.
 *
 * <p>Not done: the projected token volume ({@code kube-api-access-*}) and its mounts, the {@code
 * automountServiceAccountToken} handling that goes with it, and the checks on secret references.
 */
public final class ServiceAccountAdmission implements AdmissionPlugin {

  public static final String DEFAULT_SERVICE_ACCOUNT = "default";
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private final boolean requireServiceAccount;

  public ServiceAccountAdmission() {
    this(false);
  }

  public ServiceAccountAdmission(boolean requireServiceAccount) {
    this.requireServiceAccount = requireServiceAccount;
  }

  @Override
  public String name() {
    return "ServiceAccount";
  }

  @Override
  public void admit(AdmissionRequest r) {
    Pod pod = Admissions.podCreate(r);
    if (pod == null || pod.getSpec() == null) {
      return;
    }
    var annotations = pod.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(MIRROR_ANNOTATION)) {
      return;
    }
    String name = pod.getSpec().getServiceAccountName();
    if (name == null || name.isEmpty()) {
      name = pod.getSpec().getServiceAccount() == null || pod.getSpec().getServiceAccount().isEmpty()
          ? DEFAULT_SERVICE_ACCOUNT : pod.getSpec().getServiceAccount();
      pod.getSpec().setServiceAccountName(name);
    }
    pod.getSpec().setServiceAccount(name);
    if (requireServiceAccount) {
      var type = r.lookup().type("", "serviceaccounts");
      if (r.lookup().get(type, r.namespace(), name, ServiceAccount.class).isEmpty()) {
        throw Admissions.forbidden(r, "error looking up service account " + r.namespace() + "/" + name
            + ": serviceaccount \"" + name + "\" not found");
      }
    }
  }
}
