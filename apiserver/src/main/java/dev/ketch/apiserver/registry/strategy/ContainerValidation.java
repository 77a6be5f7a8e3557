package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation of the containers of a pod spec, as Kubernetes' validateContainers: names, images,
 * ports, environment, volume mounts, probes, pull policy, resources and host port clashes, with
 * its field paths and messages. Stateless.
 */
final class ContainerValidation {

  static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

  private ContainerValidation() {}

  /** validateContainers: the regular or init containers of a spec. */
  static void containers(List<Container> containers, Set<String> volumes, FieldPath path, FieldErrors errs) {
    Set<String> names = new HashSet<>();
    Set<String> hostPorts = new HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      FieldPath at = path.index(i);
      FieldPath namePath = at.child("name");
      if (Lists.isEmpty(c.getName())) {
        errs.required(namePath);
      } else {
        errs.invalidEach(namePath, c.getName(), Names.dns1123Label(c.getName()));
      }
      if (c.getName() != null && !names.add(c.getName())) {
        errs.duplicate(namePath, c.getName());
      }
      if (Lists.isEmpty(c.getImage())) {
        errs.required(at.child("image"));
      }
      probe(c.getLivenessProbe(), at.child("livenessProbe"), errs);
      if (c.getLivenessProbe() != null && !Integer.valueOf(1).equals(c.getLivenessProbe().getSuccessThreshold())) {
        errs.invalid(at.child("livenessProbe", "successThreshold"), c.getLivenessProbe().getSuccessThreshold(), "must be 1");
      }
      probe(c.getStartupProbe(), at.child("startupProbe"), errs);
      if (c.getStartupProbe() != null && !Integer.valueOf(1).equals(c.getStartupProbe().getSuccessThreshold())) {
        errs.invalid(at.child("startupProbe", "successThreshold"), c.getStartupProbe().getSuccessThreshold(), "must be 1");
      }
      probe(c.getReadinessProbe(), at.child("readinessProbe"), errs);
      String tmp = c.getTerminationMessagePolicy();
      if (Lists.isEmpty(tmp)) {
        errs.required(at.child("terminationMessagePolicy"), "must be 'File' or 'FallbackToLogsOnError'");
      } else if (!tmp.equals("File") && !tmp.equals("FallbackToLogsOnError")) {
        errs.invalid(at.child("terminationMessagePolicy"), tmp, "must be 'File' or 'FallbackToLogsOnError'");
      }
      ports(Lists.of(c.getPorts()), at.child("ports"), errs);
      env(Lists.of(c.getEnv()), at.child("env"), errs);
      envFrom(Lists.of(c.getEnvFrom()), at.child("envFrom"), errs);
      mounts(Lists.of(c.getVolumeMounts()), volumes, at.child("volumeMounts"), errs);
      String pull = c.getImagePullPolicy();
      if (Lists.isEmpty(pull)) {
        errs.required(at.child("imagePullPolicy"));
      } else if (!PULL_POLICIES.contains(pull)) {
        errs.notSupported(at.child("imagePullPolicy"), pull, PULL_POLICIES);
      }
      resources(c.getResources(), at.child("resources"), errs);
      for (int p = 0; p < Lists.of(c.getPorts()).size(); p++) {
        ContainerPort port = c.getPorts().get(p);
        if (port.getHostPort() == null || port.getHostPort() == 0) {
          continue;
        }
        String key = Lists.orEmpty(port.getProtocol()) + "/" + Lists.orEmpty(port.getHostIP()) + "/" + port.getHostPort();
        if (!hostPorts.add(key)) {
          errs.duplicate(at.child("ports").index(p).child("hostPort"), key);
        }
      }
    }
  }

  static void ports(List<ContainerPort> ports, FieldPath path, FieldErrors errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ContainerPort p = ports.get(i);
      FieldPath at = path.index(i);
      if (!Lists.isEmpty(p.getName())) {
        List<String> msgs = Formats.portName(p.getName());
        if (!msgs.isEmpty()) {
          errs.invalidEach(at.child("name"), p.getName(), msgs);
        } else if (!names.add(p.getName())) {
          errs.duplicate(at.child("name"), p.getName());
        }
      }
      if (p.getContainerPort() == null || p.getContainerPort() == 0) {
        errs.required(at.child("containerPort"));
      } else {
        errs.invalidEach(at.child("containerPort"), p.getContainerPort(), Formats.portNumber(p.getContainerPort()));
      }
      if (p.getHostPort() != null && p.getHostPort() != 0) {
        errs.invalidEach(at.child("hostPort"), p.getHostPort(), Formats.portNumber(p.getHostPort()));
      }
      if (Lists.isEmpty(p.getProtocol())) {
        errs.required(at.child("protocol"));
      } else if (!PROTOCOLS.contains(p.getProtocol())) {
        errs.notSupported(at.child("protocol"), p.getProtocol(), PROTOCOLS);
      }
    }
  }

  static void env(List<EnvVar> env, FieldPath path, FieldErrors errs) {
    for (int i = 0; i < env.size(); i++) {
      EnvVar e = env.get(i);
      FieldPath at = path.index(i);
      if (Lists.isEmpty(e.getName())) {
        errs.required(at.child("name"));
      } else {
        errs.invalidEach(at.child("name"), e.getName(), Formats.envVarName(e.getName()));
      }
      var from = e.getValueFrom();
      if (from == null) {
        continue;
      }
      FieldPath fromPath = at.child("valueFrom");
      int sources = 0;
      sources += from.getFieldRef() != null ? 1 : 0;
      sources += from.getResourceFieldRef() != null ? 1 : 0;
      sources += from.getConfigMapKeyRef() != null ? 1 : 0;
      sources += from.getSecretKeyRef() != null ? 1 : 0;
      if (sources == 0) {
        errs.invalid(fromPath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
      } else if (!Lists.isEmpty(e.getValue())) {
        errs.invalid(fromPath, "", "may not be specified when `value` is not empty");
      } else if (sources > 1) {
        errs.invalid(fromPath, "", "may not have more than one field specified at a time");
      }
      if (from.getConfigMapKeyRef() != null) {
        keyRef(from.getConfigMapKeyRef().getKey(), fromPath.child("configMapKeyRef"), errs);
      }
      if (from.getSecretKeyRef() != null) {
        keyRef(from.getSecretKeyRef().getKey(), fromPath.child("secretKeyRef"), errs);
      }
    }
  }

  private static void keyRef(String key, FieldPath path, FieldErrors errs) {
    if (Lists.isEmpty(key)) {
      errs.required(path.child("key"));
    } else {
      errs.invalidEach(path.child("key"), key, Formats.configKey(key));
    }
  }

  private static void envFrom(List<EnvFromSource> envFrom, FieldPath path, FieldErrors errs) {
    for (int i = 0; i < envFrom.size(); i++) {
      EnvFromSource e = envFrom.get(i);
      int sources = (e.getConfigMapRef() != null ? 1 : 0) + (e.getSecretRef() != null ? 1 : 0);
      if (sources == 0) {
        errs.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`");
      } else if (sources > 1) {
        errs.invalid(path, "", "may not have more than one field specified at a time");
      }
    }
  }

  private static void mounts(List<VolumeMount> mounts, Set<String> volumes, FieldPath path, FieldErrors errs) {
    Set<String> mountPoints = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      VolumeMount m = mounts.get(i);
      FieldPath at = path.index(i);
      if (Lists.isEmpty(m.getName())) {
        errs.required(at.child("name"));
      }
      if (!volumes.contains(Lists.orEmpty(m.getName()))) {
        errs.notFound(at.child("name"), Lists.orEmpty(m.getName()));
      }
      if (Lists.isEmpty(m.getMountPath())) {
        errs.required(at.child("mountPath"));
      }
      if (!mountPoints.add(Lists.orEmpty(m.getMountPath()))) {
        errs.invalid(at.child("mountPath"), m.getMountPath(), "must be unique");
      }
      if (!Lists.isEmpty(m.getSubPath()) && !Lists.isEmpty(m.getSubPathExpr())) {
        errs.invalid(at.child("subPathExpr"), m.getSubPathExpr(), "subPathExpr and subPath are mutually exclusive");
      }
    }
  }

  static void probe(Probe p, FieldPath path, FieldErrors errs) {
    if (p == null) {
      return;
    }
    int handlers = 0;
    for (var h : new Object[] {p.getExec(), p.getHttpGet(), p.getTcpSocket(), p.getGrpc()}) {
      handlers += h == null ? 0 : 1;
    }
    if (handlers == 0) {
      errs.required(path, "must specify a handler type");
    } else if (handlers > 1) {
      errs.forbidden(path, "may not specify more than 1 handler type");
    }
    if (p.getExec() != null && Lists.of(p.getExec().getCommand()).isEmpty()) {
      errs.required(path.child("exec", "command"));
    }
    HTTPGetAction http = p.getHttpGet();
    if (http != null) {
      if (Lists.isEmpty(http.getPath())) {
        errs.required(path.child("httpGet", "path"));
      }
      portNumOrName(http.getPort(), path.child("httpGet", "port"), errs);
      if (!"HTTP".equals(http.getScheme()) && !"HTTPS".equals(http.getScheme())) {
        errs.notSupported(path.child("httpGet", "scheme"), Lists.orEmpty(http.getScheme()), List.of("HTTP", "HTTPS"));
      }
    }
    if (p.getTcpSocket() != null) {
      portNumOrName(p.getTcpSocket().getPort(), path.child("tcpSocket", "port"), errs);
    }
    if (p.getGrpc() != null) {
      int port = p.getGrpc().getPort() == null ? 0 : p.getGrpc().getPort();
      errs.invalidEach(path.child("grpc", "port"), port, Formats.portNumber(port));
    }
    nonNegative(p.getInitialDelaySeconds(), path.child("initialDelaySeconds"), errs);
    nonNegative(p.getTimeoutSeconds(), path.child("timeoutSeconds"), errs);
    nonNegative(p.getPeriodSeconds(), path.child("periodSeconds"), errs);
    nonNegative(p.getSuccessThreshold(), path.child("successThreshold"), errs);
    nonNegative(p.getFailureThreshold(), path.child("failureThreshold"), errs);
  }

  /** ValidatePortNumOrName: a number in range or an IANA service name. */
  static void portNumOrName(IntOrString port, FieldPath path, FieldErrors errs) {
    if (port == null) {
      errs.invalidEach(path, 0, Formats.portNumber(0));
    } else if (port.getStrVal() != null) {
      errs.invalidEach(path, port.getStrVal(), Formats.portName(port.getStrVal()));
    } else {
      int n = port.getIntVal() == null ? 0 : port.getIntVal();
      errs.invalidEach(path, n, Formats.portNumber(n));
    }
  }

  static void nonNegative(Number n, FieldPath path, FieldErrors errs) {
    if (n != null && n.longValue() < 0) {
      errs.invalid(path, n.longValue(), "must be greater than or equal to 0");
    }
  }

  /** ValidateResourceRequirements: names, non-negative amounts, requests within limits. */
  static void resources(ResourceRequirements r, FieldPath path, FieldErrors errs) {
    if (r == null) {
      return;
    }
    FieldPath limPath = path.child("limits");
    FieldPath reqPath = path.child("requests");
    Map<String, Quantity> limits = Lists.of(r.getLimits());
    for (var e : limits.entrySet()) {
      quantity(e.getKey(), e.getValue(), limPath.key(e.getKey()), errs);
    }
    for (var e : Lists.of(r.getRequests()).entrySet()) {
      String name = e.getKey();
      Quantity q = e.getValue();
      quantity(name, q, reqPath.key(name), errs);
      Quantity limit = limits.get(name);
      if (limit != null) {
        int cmp = Quantities.compare(q, limit);
        if (cmp != 0 && !Quantities.overcommitAllowed(name)) {
          errs.invalid(reqPath, Quantities.text(q), "must be equal to " + name + " limit of " + Quantities.text(limit));
        } else if (cmp > 0) {
          errs.invalid(reqPath, Quantities.text(q), "must be less than or equal to " + name + " limit of " + Quantities.text(limit));
        }
      } else if (!Quantities.overcommitAllowed(name)) {
        errs.required(limPath, "Limit must be set for non overcommitable resources");
      }
    }
  }

  private static void quantity(String name, Quantity q, FieldPath path, FieldErrors errs) {
    errs.invalidEach(path, name, Quantities.containerResourceName(name));
    BigDecimal v = Quantities.value(q);
    if (v == null) {
      errs.invalid(path, Quantities.text(q), "quantities must match the regular expression "
          + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    } else if (v.signum() < 0) {
      errs.invalid(path, Quantities.text(q), "must be greater than or equal to 0");
    }
  }
}
