package dev.ketch.kubelet.env;

import dev.ketch.kubelet.objects.ObjectSource;
import dev.ketch.kubelet.runtime.KeyValue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet computes it (kubelet_pods.go makeEnvironmentVariables):
 * {@code envFrom} sources in order (with their prefix), then {@code env} entries, later ones
 * overriding earlier ones with the same name while keeping the first one's position; {@code
 * $(VAR)} in values expands to variables defined before; {@code valueFrom} reads ConfigMap and
 * Secret keys, the downward API's pod fields and the container's resources (node allocatable when
 * no limit is set). Service link variables are not generated yet.
 *
 * <p>Thread-safe; blocks on the {@link ObjectSource}.
 */
public final class EnvironmentBuilder {

  private static final Pattern LABEL_REF = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  /** Where a pod runs: addresses the downward API exposes and the node's allocatable resources. */
  public record PodPlacement(String hostIp, String podIp, List<String> podIps, Map<String, Quantity> nodeAllocatable) {
    public PodPlacement {
      podIps = List.copyOf(podIps);
      nodeAllocatable = Map.copyOf(nodeAllocatable);
    }
  }

  private final ObjectSource objects;

  public EnvironmentBuilder(ObjectSource objects) {
    this.objects = objects;
  }

  public List<KeyValue> build(Pod pod, Container container, PodPlacement placement) throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> vars = new LinkedHashMap<>();
    Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
    Map<String, Secret> secrets = new LinkedHashMap<>();
    for (EnvFromSource from : list(container.getEnvFrom())) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      if (from.getConfigMapRef() != null) {
        String name = from.getConfigMapRef().getName();
        boolean optional = Boolean.TRUE.equals(from.getConfigMapRef().getOptional());
        Optional<ConfigMap> cm = lookup(configMaps, name, () -> objects.configMap(ns, name));
        if (cm.isEmpty()) {
          if (optional) {
            continue;
          }
          throw new ContainerConfigException("configmap \"" + name + "\" not found");
        }
        map(cm.get().getData()).forEach((k, v) -> vars.put(prefix + k, v));
      } else if (from.getSecretRef() != null) {
        String name = from.getSecretRef().getName();
        boolean optional = Boolean.TRUE.equals(from.getSecretRef().getOptional());
        Optional<Secret> s = lookup(secrets, name, () -> objects.secret(ns, name));
        if (s.isEmpty()) {
          if (optional) {
            continue;
          }
          throw new ContainerConfigException("secret \"" + name + "\" not found");
        }
        secretData(s.get()).forEach((k, v) -> vars.put(prefix + k, v));
      }
    }
    for (EnvVar e : list(container.getEnv())) {
      if (e.getValueFrom() == null) {
        vars.put(e.getName(), Expansion.expand(e.getValue() == null ? "" : e.getValue(), vars));
        continue;
      }
      Optional<String> value = valueFrom(pod, container, e.getValueFrom(), placement, configMaps, secrets);
      value.ifPresent(v -> vars.put(e.getName(), v));
    }
    List<KeyValue> out = new ArrayList<>(vars.size());
    vars.forEach((k, v) -> out.add(new KeyValue(k, v)));
    return out;
  }

  /** The container's command and args with {@code $(VAR)} references expanded against its environment. */
  public static List<String> expand(List<String> words, List<KeyValue> env) {
    if (words == null || words.isEmpty()) {
      return List.of();
    }
    Map<String, String> vars = new LinkedHashMap<>();
    env.forEach(kv -> vars.put(kv.key(), kv.value()));
    List<String> out = new ArrayList<>(words.size());
    for (String w : words) {
      out.add(Expansion.expand(w, vars));
    }
    return out;
  }

  private Optional<String> valueFrom(Pod pod, Container container, EnvVarSource source, PodPlacement placement,
      Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    if (source.getConfigMapKeyRef() != null) {
      ConfigMapKeySelector ref = source.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<ConfigMap> cm = lookup(configMaps, ref.getName(), () -> objects.configMap(ns, ref.getName()));
      if (cm.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
      }
      String v = map(cm.get().getData()).get(ref.getKey());
      if (v == null && cm.get().getBinaryData() != null && cm.get().getBinaryData().containsKey(ref.getKey())) {
        v = new String(Base64.getDecoder().decode(cm.get().getBinaryData().get(ref.getKey())), StandardCharsets.UTF_8);
      }
      if (v == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new ContainerConfigException("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
      }
      return Optional.of(v);
    }
    if (source.getSecretKeyRef() != null) {
      SecretKeySelector ref = source.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<Secret> s = lookup(secrets, ref.getName(), () -> objects.secret(ns, ref.getName()));
      if (s.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
      }
      String v = secretData(s.get()).get(ref.getKey());
      if (v == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new ContainerConfigException("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return Optional.of(v);
    }
    if (source.getFieldRef() != null) {
      return Optional.of(field(pod, source.getFieldRef(), placement));
    }
    if (source.getResourceFieldRef() != null) {
      return Optional.of(resource(container, source.getResourceFieldRef(), placement));
    }
    return Optional.empty();
  }

  public static String field(Pod pod, ObjectFieldSelector ref, PodPlacement placement) throws ContainerConfigException {
    String path = ref.getFieldPath();
    Matcher m = LABEL_REF.matcher(path);
    if (m.matches()) {
      Map<String, String> values = m.group(1).equals("labels") ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
      return values == null ? "" : values.getOrDefault(m.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> nullToEmpty(pod.getSpec().getNodeName());
      case "spec.serviceAccountName" -> nullToEmpty(pod.getSpec().getServiceAccountName());
      case "status.hostIP" -> placement.hostIp();
      case "status.hostIPs" -> placement.hostIp();
      case "status.podIP" -> placement.podIp();
      case "status.podIPs" -> String.join(",", placement.podIps());
      default -> throw new ContainerConfigException("unsupported fieldPath: " + path);
    };
  }

  public static String resource(Container container, ResourceFieldSelector ref, PodPlacement placement) throws ContainerConfigException {
    String resource = ref.getResource();
    String name = resource.substring(resource.indexOf('.') + 1);
    Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
    Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
    Quantity q;
    if (resource.startsWith("limits.")) {
      q = limits == null ? null : limits.get(name);
      if (q == null) {
        q = placement.nodeAllocatable().get(name);
      }
    } else if (resource.startsWith("requests.")) {
      q = requests == null ? null : requests.get(name);
      if (q == null && name.equals("cpu")) {
        q = new Quantity("0");
      }
    } else {
      throw new ContainerConfigException("unsupported container resource: " + resource);
    }
    if (q == null) {
      q = new Quantity("0");
    }
    BigDecimal amount = q.getNumericalAmount();
    BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    // Upstream rounds up: 250m of CPU with divisor 1 is "1".
    return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }

  private static <T> Optional<T> lookup(Map<String, T> cache, String name, java.util.function.Supplier<Optional<T>> fetch) {
    if (cache.containsKey(name)) {
      return Optional.ofNullable(cache.get(name));
    }
    Optional<T> found = fetch.get();
    cache.put(name, found.orElse(null));
    return found;
  }

  private static Map<String, String> secretData(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (s.getStringData() != null) {
      out.putAll(s.getStringData());
    }
    return out;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static Map<String, String> map(Map<String, String> m) {
    return m == null ? Map.of() : new java.util.TreeMap<>(m);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
