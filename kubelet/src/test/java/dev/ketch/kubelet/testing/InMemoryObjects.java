package dev.ketch.kubelet.testing;

import dev.ketch.kubelet.objects.ObjectSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** ConfigMaps, Secrets, claims and persistent volumes held in memory. Thread-safe. */
public final class InMemoryObjects implements ObjectSource {

  private final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
  private final Map<String, PersistentVolumeClaim> claims = new ConcurrentHashMap<>();
  private final Map<String, PersistentVolume> volumes = new ConcurrentHashMap<>();

  public InMemoryObjects configMap(String ns, String name, Map<String, String> data) {
    configMaps.put(ns + "/" + name, new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withData(data).build());
    return this;
  }

  public InMemoryObjects secret(String ns, String name, Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    secrets.put(ns + "/" + name, new SecretBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withData(encoded).build());
    return this;
  }

  public InMemoryObjects claim(PersistentVolumeClaim claim) {
    claims.put(claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName(), claim);
    return this;
  }

  public InMemoryObjects volume(PersistentVolume volume) {
    volumes.put(volume.getMetadata().getName(), volume);
    return this;
  }

  public InMemoryObjects removeConfigMap(String ns, String name) {
    configMaps.remove(ns + "/" + name);
    return this;
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.get(namespace + "/" + name));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(secrets.get(namespace + "/" + name));
  }

  @Override
  public Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name) {
    return Optional.ofNullable(claims.get(namespace + "/" + name));
  }

  @Override
  public Optional<PersistentVolume> persistentVolume(String name) {
    return Optional.ofNullable(volumes.get(name));
  }
}
