package dev.ketch.apiserver.serviceaccount;

import dev.ketch.apiserver.http.TokenAuthenticator;
import dev.ketch.apiserver.http.UserInfo;
import dev.ketch.apiserver.registry.Registries;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates service account tokens ({@link ServiceAccountTokens}) as kube-apiserver does: the
 * user is {@code system:serviceaccount:NS:NAME} in the groups {@code system:serviceaccounts} and
 * {@code system:serviceaccounts:NS}, and the token is good only while its service account, and the
 * Pod or Secret it is bound to, still exist with the uids it names. Thread-safe.
 */
public final class ServiceAccountAuthenticator implements TokenAuthenticator {

  private static final Logger log = LoggerFactory.getLogger(ServiceAccountAuthenticator.class);

  private final ServiceAccountTokens tokens;
  private final Registries registries;

  public ServiceAccountAuthenticator(ServiceAccountTokens tokens, Registries registries) {
    this.tokens = tokens;
    this.registries = registries;
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    Optional<ServiceAccountTokens.Claims> valid = tokens.validate(token);
    if (valid.isEmpty()) {
      return Optional.empty();
    }
    ServiceAccountTokens.Claims claims = valid.get();
    String ns = claims.namespace();
    if (!exists("serviceaccounts", ns, claims.serviceAccount(), claims.serviceAccountUid(), ServiceAccount.class)) {
      log.atDebug().addKeyValue("serviceAccount", ns + "/" + claims.serviceAccount())
          .log("service account token refused: the service account is gone");
      return Optional.empty();
    }
    ServiceAccountTokens.Binding binding = claims.binding();
    if (binding != null) {
      Class<? extends HasMetadata> model = binding.kind().equals("Pod") ? Pod.class : Secret.class;
      String plural = binding.kind().equals("Pod") ? "pods" : "secrets";
      if (!exists(plural, ns, binding.name(), binding.uid(), model)) {
        log.atDebug().addKeyValue("serviceAccount", ns + "/" + claims.serviceAccount())
            .addKeyValue(plural, ns + "/" + binding.name())
            .log("service account token refused: the object it is bound to is gone");
        return Optional.empty();
      }
    }
    String name = "system:serviceaccount:" + ns + ":" + claims.serviceAccount();
    return Optional.of(new UserInfo(name, claims.serviceAccountUid(),
        List.of("system:serviceaccounts", "system:serviceaccounts:" + ns), UserInfo.Method.BEARER_TOKEN));
  }

  private boolean exists(String plural, String ns, String name, String uid, Class<? extends HasMetadata> model) {
    return registries.get(registries.type("", plural), ns, name, model)
        .filter(o -> uid.isEmpty() || uid.equals(o.getMetadata().getUid()))
        .isPresent();
  }
}
