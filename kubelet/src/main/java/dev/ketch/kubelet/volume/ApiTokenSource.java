package dev.ketch.kubelet.volume;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;

/** Tokens from the API server's TokenRequest subresource. Thread-safe; one POST per token. */
public final class ApiTokenSource implements TokenSource {

  private final KubernetesClient client;

  public ApiTokenSource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Token request(String namespace, String serviceAccount, List<String> audiences, long expirationSeconds,
      String podName, String podUid) {
    TokenRequest request = new TokenRequestBuilder()
        .withNewSpec()
            .withAudiences(audiences)
            .withExpirationSeconds(expirationSeconds)
            .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(podName).withUid(podUid)
            .endBoundObjectRef()
        .endSpec()
        .build();
    TokenRequest issued;
    try {
      issued = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request);
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(e.getStatus() != null && e.getStatus().getMessage() != null
          ? e.getStatus().getMessage() : e.getMessage(), e);
    }
    if (issued == null || issued.getStatus() == null || issued.getStatus().getToken() == null) {
      throw new IllegalStateException("the API server returned no token for service account " + namespace + "/" + serviceAccount);
    }
    String expiry = issued.getStatus().getExpirationTimestamp();
    return new Token(issued.getStatus().getToken(),
        expiry == null ? Instant.now().plusSeconds(expirationSeconds) : Instant.parse(expiry));
  }
}
