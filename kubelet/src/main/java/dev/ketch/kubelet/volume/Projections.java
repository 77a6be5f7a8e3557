package dev.ketch.kubelet.volume;

import dev.ketch.kubelet.env.ContainerConfigException;
import dev.ketch.kubelet.env.EnvironmentBuilder;
import dev.ketch.kubelet.env.EnvironmentBuilder.PodPlacement;
import dev.ketch.kubelet.objects.ObjectSource;
import dev.ketch.kubelet.volume.AtomicWriter.FileProjection;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of the volumes whose content comes from the API, as upstream's configmap, secret,
 * downwardapi and projected plugins compute them: every key (or the listed {@code items}, each to
 * its path) with the item's mode or the volume's {@code defaultMode} (0644); a missing object or
 * key fails the volume unless it is optional; the downward API's pod fields, labels and
 * annotations (one {@code key="value"} line each, sorted) and container resources; and service
 * account tokens from the {@link TokenSource}, requested again once 80 % of their lifetime has
 * passed (or a day), as upstream's token manager does.
 *
 * <p>Thread-safe; blocks on the API. Remembers issued tokens per pod until {@link #forget}.
 */
final class Projections {

  static final int DEFAULT_MODE = 0644;
  private static final long DEFAULT_TOKEN_SECONDS = 3600;
  private static final long MIN_TOKEN_SECONDS = 600;

  private final ObjectSource objects;
  private final TokenSource tokens;
  private final Map<String, Quantity> allocatable;
  private final Clock clock;
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();

  private record Issued(String token, Instant at, Instant expiresAt) {
    boolean due(Instant now) {
      Duration life = Duration.between(at, expiresAt);
      Instant refresh = at.plus(life.multipliedBy(8).dividedBy(10));
      return !now.isBefore(refresh) || !now.isBefore(at.plus(Duration.ofDays(1)));
    }
  }

  Projections(ObjectSource objects, TokenSource tokens, Map<String, Quantity> allocatable, Clock clock) {
    this.objects = objects;
    this.tokens = tokens;
    this.allocatable = Map.copyOf(allocatable);
    this.clock = clock;
  }

  Map<String, FileProjection> configMap(Pod pod, String volume, String name, List<KeyToPath> items, Integer defaultMode,
      Boolean optional) throws VolumeException {
    String ns = pod.getMetadata().getNamespace();
    Optional<ConfigMap> cm = objects.configMap(ns, name);
    if (cm.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return Map.of();
      }
      throw new VolumeException(volume, "configmap \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new TreeMap<>();
    if (cm.get().getData() != null) {
      cm.get().getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (cm.get().getBinaryData() != null) {
      cm.get().getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    return keys(volume, data, items, defaultMode, optional, "configmap references non-existent config key: ");
  }

  Map<String, FileProjection> secret(Pod pod, String volume, String name, List<KeyToPath> items, Integer defaultMode,
      Boolean optional) throws VolumeException {
    String ns = pod.getMetadata().getNamespace();
    Optional<Secret> s = objects.secret(ns, name);
    if (s.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return Map.of();
      }
      throw new VolumeException(volume, "secret \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new TreeMap<>();
    if (s.get().getData() != null) {
      s.get().getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (s.get().getStringData() != null) {
      s.get().getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return keys(volume, data, items, defaultMode, optional, "secret references non-existent secret key: ");
  }

  private static Map<String, FileProjection> keys(String volume, Map<String, byte[]> data, List<KeyToPath> items,
      Integer defaultMode, Boolean optional, String missing) throws VolumeException {
    int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
    Map<String, FileProjection> out = new LinkedHashMap<>();
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, byte[]> e : data.entrySet()) {
        out.put(e.getKey(), new FileProjection(e.getValue(), mode));
      }
      return out;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(optional)) {
          continue;
        }
        throw new VolumeException(volume, missing + item.getKey());
      }
      out.put(item.getPath(), new FileProjection(value, item.getMode() == null ? mode : item.getMode()));
    }
    return out;
  }

  Map<String, FileProjection> downwardApi(Pod pod, String volume, List<DownwardAPIVolumeFile> items, Integer defaultMode)
      throws VolumeException {
    int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
    Map<String, FileProjection> out = new LinkedHashMap<>();
    PodPlacement placement = placement(pod);
    for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
      String value;
      try {
        if (item.getFieldRef() != null) {
          value = switch (item.getFieldRef().getFieldPath()) {
            case "metadata.labels" -> lines(pod.getMetadata().getLabels());
            case "metadata.annotations" -> lines(pod.getMetadata().getAnnotations());
            default -> EnvironmentBuilder.field(pod, item.getFieldRef(), placement);
          };
        } else if (item.getResourceFieldRef() != null) {
          String name = item.getResourceFieldRef().getContainerName();
          Container c = container(pod, name);
          if (c == null) {
            throw new VolumeException(volume, "container " + name + " not found in pod " + pod.getMetadata().getName());
          }
          value = EnvironmentBuilder.resource(c, item.getResourceFieldRef(), placement);
        } else {
          continue;
        }
      } catch (ContainerConfigException e) {
        throw new VolumeException(volume, e.getMessage());
      }
      out.put(item.getPath(), new FileProjection(value.getBytes(StandardCharsets.UTF_8), item.getMode() == null ? mode : item.getMode()));
    }
    return out;
  }

  Map<String, FileProjection> projected(Pod pod, String volume, List<VolumeProjection> sources, Integer defaultMode)
      throws VolumeException {
    Map<String, FileProjection> out = new LinkedHashMap<>();
    for (VolumeProjection p : sources == null ? List.<VolumeProjection>of() : sources) {
      if (p.getConfigMap() != null) {
        out.putAll(configMap(pod, volume, p.getConfigMap().getName(), p.getConfigMap().getItems(), defaultMode,
            p.getConfigMap().getOptional()));
      } else if (p.getSecret() != null) {
        out.putAll(secret(pod, volume, p.getSecret().getName(), p.getSecret().getItems(), defaultMode,
            p.getSecret().getOptional()));
      } else if (p.getDownwardAPI() != null) {
        out.putAll(downwardApi(pod, volume, p.getDownwardAPI().getItems(), defaultMode));
      } else if (p.getServiceAccountToken() != null) {
        int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        String token = token(pod, volume, p.getServiceAccountToken());
        out.put(p.getServiceAccountToken().getPath(), new FileProjection(token.getBytes(StandardCharsets.UTF_8), mode));
      } else if (p.getClusterTrustBundle() != null) {
        throw new VolumeException(volume, "clusterTrustBundle projections are not supported");
      }
    }
    return out;
  }

  private String token(Pod pod, String volume, ServiceAccountTokenProjection t) throws VolumeException {
    String key = pod.getMetadata().getUid() + "/" + volume + "/" + t.getPath();
    Instant now = clock.instant();
    Issued current = issued.get(key);
    if (current != null && !current.due(now)) {
      return current.token();
    }
    long seconds = t.getExpirationSeconds() == null ? DEFAULT_TOKEN_SECONDS : Math.max(MIN_TOKEN_SECONDS, t.getExpirationSeconds());
    String sa = pod.getSpec().getServiceAccountName() == null || pod.getSpec().getServiceAccountName().isEmpty()
        ? "default" : pod.getSpec().getServiceAccountName();
    List<String> audiences = t.getAudience() == null || t.getAudience().isEmpty() ? List.of() : List.of(t.getAudience());
    TokenSource.Token fresh;
    try {
      fresh = tokens.request(pod.getMetadata().getNamespace(), sa, audiences, seconds, pod.getMetadata().getName(),
          pod.getMetadata().getUid());
    } catch (RuntimeException e) {
      if (current != null && now.isBefore(current.expiresAt())) {
        return current.token(); // keep the one that still works; the next refresh tries again
      }
      throw new VolumeException(volume, "failed to fetch token: " + e.getMessage());
    }
    issued.put(key, new Issued(fresh.token(), now, fresh.expiresAt()));
    return fresh.token();
  }

  /** Forgets the pod's tokens. */
  void forget(String podUid) {
    issued.keySet().removeIf(k -> k.startsWith(podUid + "/"));
  }

  private PodPlacement placement(Pod pod) {
    String hostIp = pod.getStatus() == null || pod.getStatus().getHostIP() == null ? "" : pod.getStatus().getHostIP();
    String podIp = pod.getStatus() == null || pod.getStatus().getPodIP() == null ? "" : pod.getStatus().getPodIP();
    return new PodPlacement(hostIp, podIp, podIp.isEmpty() ? List.of() : List.of(podIp), allocatable);
  }

  private static Container container(Pod pod, String name) {
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    for (Container c : pod.getSpec().getInitContainers() == null ? List.<Container>of() : pod.getSpec().getInitContainers()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** {@code key="value"} lines in key order, as the downward API writes labels and annotations. */
  static String lines(Map<String, String> values) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(values == null ? Map.<String, String>of() : values).forEach((k, v) -> {
      if (!b.isEmpty()) {
        b.append('\n');
      }
      b.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
    });
    return b.toString();
  }
}
