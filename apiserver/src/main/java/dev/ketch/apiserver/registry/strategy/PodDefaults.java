package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defaults Kubernetes gives pod specs (SetDefaults_PodSpec, _Container, _Probe, _Volume and the
 * declarative ones: port protocol, volume modes), everywhere a pod spec appears, and the extra ones
 * only real Pods get (SetDefaults_Pod: requests from limits, enableServiceLinks, host ports under
 * hostNetwork). Changes objects in place; stateless and thread-safe.
 */
public final class PodDefaults {

  public static final String DEFAULT_SCHEDULER = "default-scheduler";
  public static final long DEFAULT_GRACE_SECONDS = 30;
  public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  private static final int DEFAULT_FILE_MODE = 0644;

  private PodDefaults() {}

  /** The defaults of a pod template inside a workload (no pod-only defaults). */
  public static void template(PodTemplateSpec template) {
    if (template != null && template.getSpec() != null) {
      spec(template.getSpec());
    }
  }

  /** The defaults of a Pod: the spec's plus SetDefaults_Pod's. */
  public static void pod(PodSpec spec) {
    if (spec == null) {
      return;
    }
    spec(spec);
    for (Container c : Lists.of(spec.getContainers())) {
      requestsFromLimits(c);
    }
    for (Container c : Lists.of(spec.getInitContainers())) {
      requestsFromLimits(c);
    }
    if (spec.getEnableServiceLinks() == null) {
      spec.setEnableServiceLinks(true);
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      hostNetworkPorts(spec.getContainers());
      hostNetworkPorts(spec.getInitContainers());
    }
  }

  /** SetDefaults_PodSpec and the defaults of everything inside it. */
  public static void spec(PodSpec spec) {
    if (spec.getDnsPolicy() == null || spec.getDnsPolicy().isEmpty()) {
      spec.setDnsPolicy("ClusterFirst");
    }
    if (spec.getRestartPolicy() == null || spec.getRestartPolicy().isEmpty()) {
      spec.setRestartPolicy("Always");
    }
    if (spec.getSecurityContext() == null) {
      spec.setSecurityContext(new PodSecurityContext());
    }
    if (spec.getTerminationGracePeriodSeconds() == null) {
      spec.setTerminationGracePeriodSeconds(DEFAULT_GRACE_SECONDS);
    }
    if (spec.getSchedulerName() == null || spec.getSchedulerName().isEmpty()) {
      spec.setSchedulerName(DEFAULT_SCHEDULER);
    }
    for (Container c : Lists.of(spec.getContainers())) {
      container(c);
    }
    for (Container c : Lists.of(spec.getInitContainers())) {
      container(c);
    }
    for (EphemeralContainer c : Lists.of(spec.getEphemeralContainers())) {
      ephemeralContainer(c);
    }
    for (Volume v : Lists.of(spec.getVolumes())) {
      volume(v);
    }
  }

  /** SetDefaults_Container and the defaults of its ports, probes, handlers and env. */
  public static void container(Container c) {
    if (c.getImagePullPolicy() == null || c.getImagePullPolicy().isEmpty()) {
      c.setImagePullPolicy(pullPolicyFor(c.getImage()));
    }
    if (c.getTerminationMessagePath() == null || c.getTerminationMessagePath().isEmpty()) {
      c.setTerminationMessagePath(TERMINATION_MESSAGE_PATH);
    }
    if (c.getTerminationMessagePolicy() == null || c.getTerminationMessagePolicy().isEmpty()) {
      c.setTerminationMessagePolicy("File");
    }
    for (ContainerPort p : Lists.of(c.getPorts())) {
      if (p.getProtocol() == null || p.getProtocol().isEmpty()) {
        p.setProtocol("TCP");
      }
    }
    probe(c.getLivenessProbe());
    probe(c.getReadinessProbe());
    probe(c.getStartupProbe());
    lifecycle(c.getLifecycle());
    env(c.getEnv());
  }

  private static void ephemeralContainer(EphemeralContainer c) {
    if (c.getImagePullPolicy() == null || c.getImagePullPolicy().isEmpty()) {
      c.setImagePullPolicy(pullPolicyFor(c.getImage()));
    }
    if (c.getTerminationMessagePath() == null || c.getTerminationMessagePath().isEmpty()) {
      c.setTerminationMessagePath(TERMINATION_MESSAGE_PATH);
    }
    if (c.getTerminationMessagePolicy() == null || c.getTerminationMessagePolicy().isEmpty()) {
      c.setTerminationMessagePolicy("File");
    }
    env(c.getEnv());
  }

  /** Always for an image tagged latest or untagged (and not pinned by digest), else IfNotPresent. */
  public static String pullPolicyFor(String image) {
    if (image == null) {
      return "Always";
    }
    String name = image;
    boolean digest = false;
    int at = name.indexOf('@');
    if (at >= 0) {
      digest = true;
      name = name.substring(0, at);
    }
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    String tag = colon > slash ? name.substring(colon + 1) : (digest ? "" : "latest");
    return tag.equals("latest") ? "Always" : "IfNotPresent";
  }

  /** SetDefaults_Probe and the defaults of its handler. */
  public static void probe(Probe p) {
    if (p == null) {
      return;
    }
    if (p.getTimeoutSeconds() == null || p.getTimeoutSeconds() == 0) {
      p.setTimeoutSeconds(1);
    }
    if (p.getPeriodSeconds() == null || p.getPeriodSeconds() == 0) {
      p.setPeriodSeconds(10);
    }
    if (p.getSuccessThreshold() == null || p.getSuccessThreshold() == 0) {
      p.setSuccessThreshold(1);
    }
    if (p.getFailureThreshold() == null || p.getFailureThreshold() == 0) {
      p.setFailureThreshold(3);
    }
    httpGet(p.getHttpGet());
  }

  private static void lifecycle(Lifecycle l) {
    if (l == null) {
      return;
    }
    for (LifecycleHandler h : new LifecycleHandler[] {l.getPostStart(), l.getPreStop()}) {
      if (h != null) {
        httpGet(h.getHttpGet());
      }
    }
  }

  private static void httpGet(HTTPGetAction a) {
    if (a == null) {
      return;
    }
    if (a.getPath() == null || a.getPath().isEmpty()) {
      a.setPath("/");
    }
    if (a.getScheme() == null || a.getScheme().isEmpty()) {
      a.setScheme("HTTP");
    }
  }

  private static void env(List<EnvVar> env) {
    for (EnvVar e : Lists.of(env)) {
      if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
        var ref = e.getValueFrom().getFieldRef();
        if (ref.getApiVersion() == null || ref.getApiVersion().isEmpty()) {
          ref.setApiVersion("v1");
        }
      }
    }
  }

  /** SetDefaults_Volume and the default file modes of its sources. */
  public static void volume(Volume v) {
    if (VolumeSources.count(v) == 0) {
      v.setEmptyDir(new EmptyDirVolumeSource());
    }
    if (v.getSecret() != null && v.getSecret().getDefaultMode() == null) {
      v.getSecret().setDefaultMode(DEFAULT_FILE_MODE);
    }
    if (v.getConfigMap() != null && v.getConfigMap().getDefaultMode() == null) {
      v.getConfigMap().setDefaultMode(DEFAULT_FILE_MODE);
    }
    if (v.getDownwardAPI() != null && v.getDownwardAPI().getDefaultMode() == null) {
      v.getDownwardAPI().setDefaultMode(DEFAULT_FILE_MODE);
    }
    if (v.getProjected() != null) {
      if (v.getProjected().getDefaultMode() == null) {
        v.getProjected().setDefaultMode(DEFAULT_FILE_MODE);
      }
      for (var source : Lists.of(v.getProjected().getSources())) {
        if (source.getServiceAccountToken() != null && source.getServiceAccountToken().getExpirationSeconds() == null) {
          source.getServiceAccountToken().setExpirationSeconds(3600L);
        }
      }
    }
    if (v.getHostPath() != null && v.getHostPath().getType() == null) {
      v.getHostPath().setType("");
    }
  }

  private static void requestsFromLimits(Container c) {
    ResourceRequirements r = c.getResources();
    if (r == null || r.getLimits() == null || r.getLimits().isEmpty()) {
      return;
    }
    Map<String, Quantity> requests = r.getRequests() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.getRequests());
    r.getLimits().forEach((k, v) -> requests.putIfAbsent(k, new Quantity(v.getAmount(), v.getFormat())));
    r.setRequests(requests);
  }

  private static void hostNetworkPorts(List<Container> containers) {
    for (Container c : Lists.of(containers)) {
      for (ContainerPort p : Lists.of(c.getPorts())) {
        if (p.getHostPort() == null || p.getHostPort() == 0) {
          p.setHostPort(p.getContainerPort());
        }
      }
    }
  }
}
