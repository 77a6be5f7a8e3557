package dev.ketch.pki;

import java.util.List;

/**
 * Who a client certificate names, the way kube-apiserver reads it: the subject's common name is
 * the user, each organization is a group.
 *
 * @param user the user name (CN), e.g. {@code ketch-admin} or {@code system:node:worker-1}
 * @param groups the groups (O), e.g. {@code system:masters}, in order
 */
public record ClientIdentity(String user, List<String> groups) {

  /** The cluster administrator: a member of {@code system:masters}, which is allowed everything. */
  public static final ClientIdentity ADMIN = new ClientIdentity("ketch-admin", List.of("system:masters"));

  /**
   * The API server when it calls kubelets (logs, exec, attach, port-forward), as upstream's
   * kube-apiserver-kubelet-client; kubelets accept no other client.
   */
  public static final ClientIdentity APISERVER_KUBELET_CLIENT =
      new ClientIdentity("kube-apiserver-kubelet-client", List.of("system:masters"));

  public ClientIdentity {
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("a client identity needs a user name");
    }
    groups = List.copyOf(groups);
  }
}
