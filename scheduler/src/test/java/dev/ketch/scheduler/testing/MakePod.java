package dev.ketch.scheduler.testing;

import dev.ketch.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fluent builder of test pods, after upstream's {@code st.MakePod()}:
 * {@code MakePod.named("p").req("cpu", "500m").label("app", "web").obj()}.
 */
public final class MakePod {

  private final Pod pod = new Pod();
  private static int uids;

  private MakePod(String name) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace("default");
    meta.setUid(name + "-uid-" + (++uids));
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    pod.setMetadata(meta);
    PodSpec spec = new PodSpec();
    spec.setSchedulerName("default-scheduler");
    spec.setContainers(new ArrayList<>());
    pod.setSpec(spec);
    pod.setStatus(new PodStatus());
  }

  public static MakePod named(String name) {
    return new MakePod(name);
  }

  public MakePod namespace(String ns) {
    pod.getMetadata().setNamespace(ns);
    return this;
  }

  public MakePod uid(String uid) {
    pod.getMetadata().setUid(uid);
    return this;
  }

  public MakePod label(String k, String v) {
    if (pod.getMetadata().getLabels() == null) {
      pod.getMetadata().setLabels(new LinkedHashMap<>());
    }
    pod.getMetadata().getLabels().put(k, v);
    return this;
  }

  public MakePod node(String node) {
    pod.getSpec().setNodeName(node);
    return this;
  }

  public MakePod priority(int p) {
    pod.getSpec().setPriority(p);
    return this;
  }

  /** terminationGracePeriodSeconds; 0 lets a deleted pod go at once, as there is no kubelet to confirm it stopped. */
  public MakePod gracePeriod(long seconds) {
    pod.getSpec().setTerminationGracePeriodSeconds(seconds);
    return this;
  }

  public MakePod priorityClass(String name) {
    pod.getSpec().setPriorityClassName(name);
    return this;
  }

  public MakePod schedulerName(String name) {
    pod.getSpec().setSchedulerName(name);
    return this;
  }

  public MakePod preemptionPolicy(String policy) {
    pod.getSpec().setPreemptionPolicy(policy);
    return this;
  }

  public MakePod nominatedNode(String node) {
    pod.getStatus().setNominatedNodeName(node);
    return this;
  }

  public MakePod startTime(String rfc3339) {
    pod.getStatus().setStartTime(rfc3339);
    return this;
  }

  public MakePod terminating() {
    pod.getMetadata().setDeletionTimestamp("2024-01-01T00:00:00Z");
    return this;
  }

  /** A container (named c0, c1, …) requesting the given resources as name/amount pairs. */
  public MakePod req(String... nameAmount) {
    pod.getSpec().getContainers().add(container("c" + pod.getSpec().getContainers().size(), nameAmount));
    return this;
  }

  /** An init container requesting the given resources; {@code sidecar} makes it restartPolicy Always. */
  public MakePod initReq(boolean sidecar, String... nameAmount) {
    if (pod.getSpec().getInitContainers() == null) {
      pod.getSpec().setInitContainers(new ArrayList<>());
    }
    Container c = container("init" + pod.getSpec().getInitContainers().size(), nameAmount);
    if (sidecar) {
      c.setRestartPolicy("Always");
    }
    pod.getSpec().getInitContainers().add(c);
    return this;
  }

  public MakePod overhead(String... nameAmount) {
    pod.getSpec().setOverhead(quantities(nameAmount));
    return this;
  }

  public MakePod image(String image) {
    pod.getSpec().getContainers().add(new ContainerBuilder().withName("c" + pod.getSpec().getContainers().size()).withImage(image).build());
    return this;
  }

  public MakePod hostPort(int port, String protocol, String ip) {
    pod.getSpec().getContainers().add(new ContainerBuilder().withName("c" + pod.getSpec().getContainers().size()).withImage("pause")
        .withPorts(new ContainerPortBuilder().withContainerPort(port).withHostPort(port).withProtocol(protocol).withHostIP(ip).build())
        .build());
    return this;
  }

  public MakePod nodeSelector(String k, String v) {
    if (pod.getSpec().getNodeSelector() == null) {
      pod.getSpec().setNodeSelector(new HashMap<>());
    }
    pod.getSpec().getNodeSelector().put(k, v);
    return this;
  }

  /** A required node affinity term with one expression; each call adds a term (ORed). */
  public MakePod nodeAffinityIn(String key, String operator, String... values) {
    var affinity = affinity();
    if (affinity.getNodeAffinity() == null) {
      affinity.setNodeAffinity(new io.fabric8.kubernetes.api.model.NodeAffinity());
    }
    var na = affinity.getNodeAffinity();
    if (na.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      na.setRequiredDuringSchedulingIgnoredDuringExecution(new io.fabric8.kubernetes.api.model.NodeSelector(new ArrayList<>()));
    }
    na.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().add(new NodeSelectorTermBuilder()
        .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator).withValues(values).build()).build());
    return this;
  }

  /** A required node affinity term on metadata.name. */
  public MakePod nodeAffinityField(String operator, String... names) {
    var affinity = affinity();
    if (affinity.getNodeAffinity() == null) {
      affinity.setNodeAffinity(new io.fabric8.kubernetes.api.model.NodeAffinity());
    }
    var na = affinity.getNodeAffinity();
    if (na.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      na.setRequiredDuringSchedulingIgnoredDuringExecution(new io.fabric8.kubernetes.api.model.NodeSelector(new ArrayList<>()));
    }
    na.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().add(new NodeSelectorTermBuilder()
        .withMatchFields(new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator(operator).withValues(names).build())
        .build());
    return this;
  }

  public MakePod preferredNodeAffinity(int weight, String key, String operator, String... values) {
    var affinity = affinity();
    if (affinity.getNodeAffinity() == null) {
      affinity.setNodeAffinity(new io.fabric8.kubernetes.api.model.NodeAffinity());
    }
    var na = affinity.getNodeAffinity();
    if (na.getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
      na.setPreferredDuringSchedulingIgnoredDuringExecution(new ArrayList<>());
    }
    na.getPreferredDuringSchedulingIgnoredDuringExecution().add(new PreferredSchedulingTermBuilder().withWeight(weight)
        .withPreference(new NodeSelectorTermBuilder()
            .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator).withValues(values).build())
            .build()).build());
    return this;
  }

  public MakePod toleration(String key, String operator, String value, String effect) {
    if (pod.getSpec().getTolerations() == null) {
      pod.getSpec().setTolerations(new ArrayList<>());
    }
    pod.getSpec().getTolerations().add(new TolerationBuilder().withKey(key).withOperator(operator).withValue(value).withEffect(effect).build());
    return this;
  }

  /** A required pod affinity term selecting pods with label k=v. */
  public MakePod podAffinity(String topologyKey, String k, String v) {
    affinityPart(false).getRequiredDuringSchedulingIgnoredDuringExecution().add(term(topologyKey, k, v));
    return this;
  }

  public MakePod podAntiAffinity(String topologyKey, String k, String v) {
    antiPart().getRequiredDuringSchedulingIgnoredDuringExecution().add(term(topologyKey, k, v));
    return this;
  }

  public MakePod preferredPodAffinity(int weight, String topologyKey, String k, String v) {
    affinityPart(false).getPreferredDuringSchedulingIgnoredDuringExecution()
        .add(new WeightedPodAffinityTermBuilder().withWeight(weight).withPodAffinityTerm(term(topologyKey, k, v)).build());
    return this;
  }

  public MakePod preferredPodAntiAffinity(int weight, String topologyKey, String k, String v) {
    antiPart().getPreferredDuringSchedulingIgnoredDuringExecution()
        .add(new WeightedPodAffinityTermBuilder().withWeight(weight).withPodAffinityTerm(term(topologyKey, k, v)).build());
    return this;
  }

  /** A topology spread constraint over pods with label k=v. */
  public MakePod spread(int maxSkew, String topologyKey, String whenUnsatisfiable, String k, String v) {
    return spread(maxSkew, topologyKey, whenUnsatisfiable, k, v, null, null, null);
  }

  public MakePod spread(int maxSkew, String topologyKey, String whenUnsatisfiable, String k, String v, Integer minDomains,
      String nodeAffinityPolicy, String nodeTaintsPolicy) {
    if (pod.getSpec().getTopologySpreadConstraints() == null) {
      pod.getSpec().setTopologySpreadConstraints(new ArrayList<>());
    }
    pod.getSpec().getTopologySpreadConstraints().add(new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew)
        .withTopologyKey(topologyKey).withWhenUnsatisfiable(whenUnsatisfiable).withLabelSelector(selector(k, v))
        .withMinDomains(minDomains).withNodeAffinityPolicy(nodeAffinityPolicy).withNodeTaintsPolicy(nodeTaintsPolicy).build());
    return this;
  }

  public MakePod pvc(String claim) {
    if (pod.getSpec().getVolumes() == null) {
      pod.getSpec().setVolumes(new ArrayList<>());
    }
    pod.getSpec().getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("v" + pod.getSpec().getVolumes().size())
        .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
    return this;
  }

  public Pod obj() {
    if (pod.getSpec().getContainers().isEmpty()) {
      pod.getSpec().getContainers().add(new ContainerBuilder().withName("c0").withImage("pause").build());
    }
    return pod;
  }

  public PodInfo info() {
    return PodInfo.of(obj());
  }

  static LabelSelector selector(String k, String v) {
    if (v == null) {
      return new LabelSelectorBuilder().withMatchExpressions(new LabelSelectorRequirementBuilder().withKey(k).withOperator("Exists").build())
          .build();
    }
    return new LabelSelectorBuilder().withMatchLabels(Map.of(k, v)).build();
  }

  private static PodAffinityTerm term(String topologyKey, String k, String v) {
    return new PodAffinityTermBuilder().withTopologyKey(topologyKey).withLabelSelector(selector(k, v)).build();
  }

  private io.fabric8.kubernetes.api.model.Affinity affinity() {
    if (pod.getSpec().getAffinity() == null) {
      pod.getSpec().setAffinity(new io.fabric8.kubernetes.api.model.Affinity());
    }
    return pod.getSpec().getAffinity();
  }

  private io.fabric8.kubernetes.api.model.PodAffinity affinityPart(boolean unused) {
    var a = affinity();
    if (a.getPodAffinity() == null) {
      a.setPodAffinity(new io.fabric8.kubernetes.api.model.PodAffinity(new ArrayList<>(), new ArrayList<>()));
    }
    return a.getPodAffinity();
  }

  private io.fabric8.kubernetes.api.model.PodAntiAffinity antiPart() {
    var a = affinity();
    if (a.getPodAntiAffinity() == null) {
      a.setPodAntiAffinity(new io.fabric8.kubernetes.api.model.PodAntiAffinity(new ArrayList<>(), new ArrayList<>()));
    }
    return a.getPodAntiAffinity();
  }

  private static Container container(String name, String... nameAmount) {
    return new ContainerBuilder().withName(name).withImage("pause").withNewResources().withRequests(quantities(nameAmount)).endResources()
        .build();
  }

  static Map<String, Quantity> quantities(String... nameAmount) {
    Map<String, Quantity> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < nameAmount.length; i += 2) {
      m.put(nameAmount[i], new Quantity(nameAmount[i + 1]));
    }
    return m;
  }

  /** For table tests: a list of pods. */
  public static List<Pod> list(MakePod... pods) {
    List<Pod> out = new ArrayList<>();
    for (MakePod p : pods) {
      out.add(p.obj());
    }
    return out;
  }
}
