package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.MetadataValidation;
import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validation of a pod spec wherever it appears (ValidatePodSpec) and of pod templates
 * (ValidatePodTemplateSpec), with Kubernetes' field paths and messages. Stateless.
 */
public final class PodSpecValidation {

  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  private static final long MAX_INT32 = Integer.MAX_VALUE;

  private PodSpecValidation() {}

  /** ValidatePodTemplateSpec: labels, annotations and the spec of a template at {@code path}. */
  public static void template(PodTemplateSpec template, FieldPath path, FieldErrors errs) {
    if (template == null) {
      errs.required(path);
      return;
    }
    var meta = template.getMetadata();
    if (meta != null) {
      errs.addAll(MetadataValidation.labels(meta.getLabels(), path.child("labels").path()));
      errs.addAll(MetadataValidation.annotations(meta.getAnnotations(), path.child("annotations").path()));
    }
    PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
    spec(spec, path.child("spec"), errs);
    if (!Lists.of(spec.getEphemeralContainers()).isEmpty()) {
      errs.forbidden(path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template");
    }
  }

  /** ValidatePodSpec. */
  public static void spec(PodSpec spec, FieldPath path, FieldErrors errs) {
    Set<String> volumes = volumes(Lists.of(spec.getVolumes()), path.child("volumes"), errs);
    List<Container> containers = Lists.of(spec.getContainers());
    if (containers.isEmpty()) {
      errs.required(path.child("containers"));
    } else {
      ContainerValidation.containers(containers, volumes, path.child("containers"), errs);
    }
    List<Container> init = Lists.of(spec.getInitContainers());
    if (!init.isEmpty()) {
      ContainerValidation.containers(init, volumes, path.child("initContainers"), errs);
      Set<String> names = new HashSet<>();
      containers.forEach(c -> names.add(c.getName()));
      for (int i = 0; i < init.size(); i++) {
        Container c = init.get(i);
        FieldPath at = path.child("initContainers").index(i);
        if (names.contains(c.getName())) {
          errs.duplicate(at.child("name"), c.getName());
        }
        boolean sidecar = "Always".equals(c.getRestartPolicy());
        if (!sidecar) {
          if (c.getLifecycle() != null) {
            errs.invalid(at.child("lifecycle"), new GoFormat.Rendered("&core.Lifecycle{…}"), "must not be set for init containers");
          }
          if (c.getLivenessProbe() != null) {
            errs.invalid(at.child("livenessProbe"), new GoFormat.Rendered("&core.Probe{…}"), "must not be set for init containers");
          }
          if (c.getReadinessProbe() != null) {
            errs.invalid(at.child("readinessProbe"), new GoFormat.Rendered("&core.Probe{…}"), "must not be set for init containers");
          }
          if (c.getStartupProbe() != null) {
            errs.invalid(at.child("startupProbe"), new GoFormat.Rendered("&core.Probe{…}"), "must not be set for init containers");
          }
        }
      }
    }
    choice(spec.getRestartPolicy(), RESTART_POLICIES, path.child("restartPolicy"), errs);
    choice(spec.getDnsPolicy(), DNS_POLICIES, path.child("dnsPolicy"), errs);
    errs.addAll(MetadataValidation.labels(spec.getNodeSelector(), path.child("nodeSelector").path()));
    if (!Lists.isEmpty(spec.getServiceAccountName())) {
      errs.invalidEach(path.child("serviceAccountName"), spec.getServiceAccountName(), Names.dns1123Subdomain(spec.getServiceAccountName()));
    }
    if (!Lists.isEmpty(spec.getNodeName())) {
      errs.invalidEach(path.child("nodeName"), spec.getNodeName(), Names.dns1123Subdomain(spec.getNodeName()));
    }
    Long deadline = spec.getActiveDeadlineSeconds();
    if (deadline != null && (deadline < 1 || deadline > MAX_INT32)) {
      errs.invalid(path.child("activeDeadlineSeconds"), deadline, Formats.inclusiveRange(1, MAX_INT32));
    }
    if (!Lists.isEmpty(spec.getHostname())) {
      errs.invalidEach(path.child("hostname"), spec.getHostname(), Names.dns1123Label(spec.getHostname()));
    }
    if (!Lists.isEmpty(spec.getSubdomain())) {
      errs.invalidEach(path.child("subdomain"), spec.getSubdomain(), Names.dns1123Label(spec.getSubdomain()));
    }
    tolerations(Lists.of(spec.getTolerations()), path.child("tolerations"), errs);
    if (!Lists.isEmpty(spec.getPriorityClassName())) {
      errs.invalidEach(path.child("priorityClassName"), spec.getPriorityClassName(), Names.dns1123Subdomain(spec.getPriorityClassName()));
    }
    if (spec.getPreemptionPolicy() != null) {
      choice(spec.getPreemptionPolicy(), List.of("PreemptLowerPriority", "Never"), path.child("preemptionPolicy"), errs);
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      for (int i = 0; i < containers.size(); i++) {
        List<ContainerPort> ports = Lists.of(containers.get(i).getPorts());
        for (int p = 0; p < ports.size(); p++) {
          ContainerPort port = ports.get(p);
          if (!java.util.Objects.equals(port.getHostPort(), port.getContainerPort())) {
            errs.invalid(path.child("containers").index(i).child("ports").index(p).child("containerPort"),
                port.getContainerPort(), "must match `hostPort` when `hostNetwork` is true");
          }
        }
      }
    }
    if ("None".equals(spec.getDnsPolicy())) {
      if (spec.getDnsConfig() == null) {
        errs.required(path.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None");
      } else if (Lists.of(spec.getDnsConfig().getNameservers()).isEmpty()) {
        errs.required(path.child("dnsConfig", "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None");
      }
    }
  }

  /** A required enumerated field. */
  static void choice(String value, List<String> allowed, FieldPath path, FieldErrors errs) {
    if (Lists.isEmpty(value)) {
      errs.required(path);
    } else if (!allowed.contains(value)) {
      errs.notSupported(path, value, allowed);
    }
  }

  /** ValidateVolumes: the names of the valid volumes. */
  static Set<String> volumes(List<Volume> volumes, FieldPath path, FieldErrors errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume v = volumes.get(i);
      FieldPath at = path.index(i);
      List<String> sources = VolumeSources.set(v);
      if (sources.isEmpty()) {
        errs.required(at, "must specify a volume type");
      }
      for (String extra : sources.subList(Math.min(1, sources.size()), sources.size())) {
        errs.forbidden(at.child(extra), "may not specify more than 1 volume type");
      }
      if (v.getPersistentVolumeClaim() != null && Lists.isEmpty(v.getPersistentVolumeClaim().getClaimName())) {
        errs.required(at.child("persistentVolumeClaim", "claimName"));
      }
      if (v.getSecret() != null && Lists.isEmpty(v.getSecret().getSecretName())) {
        errs.required(at.child("secret", "secretName"));
      }
      if (v.getHostPath() != null && Lists.isEmpty(v.getHostPath().getPath())) {
        errs.required(at.child("hostPath", "path"));
      }
      List<String> nameErrs = new ArrayList<>();
      if (Lists.isEmpty(v.getName())) {
        errs.required(at.child("name"));
      } else {
        nameErrs = Names.dns1123Label(v.getName());
        errs.invalidEach(at.child("name"), v.getName(), nameErrs);
      }
      if (nameErrs.isEmpty() && !Lists.isEmpty(v.getName())) {
        if (!names.add(v.getName())) {
          errs.duplicate(at.child("name"), v.getName());
        }
      }
    }
    return names;
  }

  /** ValidateTolerations. */
  static void tolerations(List<Toleration> tolerations, FieldPath path, FieldErrors errs) {
    for (int i = 0; i < tolerations.size(); i++) {
      Toleration t = tolerations.get(i);
      FieldPath at = path.index(i);
      String key = Lists.orEmpty(t.getKey());
      String op = Lists.orEmpty(t.getOperator());
      String effect = Lists.orEmpty(t.getEffect());
      if (!key.isEmpty()) {
        errs.invalidEach(at.child("key"), key, Names.qualifiedName(key));
      }
      if (key.isEmpty() && !op.equals("Exists")) {
        errs.invalid(at.child("operator"), op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
      }
      if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
        errs.invalid(at.child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
      }
      switch (op) {
        case "Equal", "" -> {
          List<String> msgs = Names.labelValue(Lists.orEmpty(t.getValue()));
          if (!msgs.isEmpty()) {
            errs.invalid(at.child("operator"), Lists.orEmpty(t.getValue()), String.join(";", msgs));
          }
        }
        case "Exists" -> {
          if (!Lists.isEmpty(t.getValue())) {
            errs.invalid(at.child("operator"), new GoFormat.Rendered("core.Toleration{Key:" + GoFormat.quote(key)
                + ", Operator:\"Exists\", Value:" + GoFormat.quote(t.getValue()) + ", Effect:" + GoFormat.quote(effect)
                + ", TolerationSeconds:(*int64)(nil)}"), "value must be empty when `operator` is 'Exists'");
          }
        }
        default -> errs.notSupported(at.child("operator"), op, List.of("Equal", "Exists"));
      }
      if (!effect.isEmpty() && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
        errs.notSupported(at.child("effect"), effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute"));
      }
    }
  }
}
