package dev.ketch.kubelet.objects;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/**
 * The API objects a pod's containers draw on: ConfigMaps and Secrets for environment and
 * volumes, claims and the volumes bound to them for persistent volumes. Empty means the object does not exist.
 *
 * <p>Thread-safety: implementations are safe for concurrent use and may block on the API.
 * Failures to reach the API are {@link io.fabric8.kubernetes.client.KubernetesClientException}s,
 * never an empty answer, so a flaky API server does not turn into "not found" for a pod.
 */
public interface ObjectSource {

  Optional<ConfigMap> configMap(String namespace, String name);

  Optional<Secret> secret(String namespace, String name);

  Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name);

  /** The cluster-scoped volume a claim is bound to. */
  Optional<PersistentVolume> persistentVolume(String name);
}
