package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Nodes (pkg/registry/core/node): the kubelet registers nodes with their status, so create keeps
 * it; allocatable defaults to capacity; taints are validated; podCIDRs and providerID may only be
 * set once; main-resource updates keep the status.
 */
public final class NodeStrategy extends ObjectStrategy<Node> {

  static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  public NodeStrategy() {
    super(Node.class);
  }

  @Override
  protected void defaults(Node node) {
    if (node.getSpec() == null) {
      node.setSpec(new NodeSpec());
    }
    var status = node.getStatus();
    if (status != null && (status.getAllocatable() == null || status.getAllocatable().isEmpty())
        && status.getCapacity() != null && !status.getCapacity().isEmpty()) {
      var allocatable = new LinkedHashMap<String, Quantity>();
      status.getCapacity().forEach((k, v) -> allocatable.put(k, new Quantity(v.getAmount(), v.getFormat())));
      status.setAllocatable(allocatable);
    }
  }

  @Override
  protected void resetOnCreate(Node node) {
    if (node.getSpec() != null) {
      node.getSpec().setConfigSource(null);
    }
  }

  @Override
  protected void check(Node node, FieldErrors errs) {
    List<Taint> taints = Lists.of(node.getSpec().getTaints());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      Taint t = taints.get(i);
      FieldPath at = FieldPath.root("metadata").child("taints").index(i);
      errs.invalidEach(at.child("key"), Lists.orEmpty(t.getKey()), dev.ketch.apiserver.validation.Names.qualifiedName(Lists.orEmpty(t.getKey())));
      List<String> valueErrs = dev.ketch.apiserver.validation.Names.labelValue(Lists.orEmpty(t.getValue()));
      if (!valueErrs.isEmpty()) {
        errs.invalid(at.child("value"), Lists.orEmpty(t.getValue()), String.join(";", valueErrs));
      }
      String effect = Lists.orEmpty(t.getEffect());
      if (effect.isEmpty()) {
        errs.required(at.child("effect"));
      } else if (!EFFECTS.contains(effect)) {
        errs.notSupported(at.child("effect"), effect, EFFECTS);
      }
      if (!seen.add(effect + "/" + t.getKey())) {
        errs.addAll(List.of(new dev.ketch.apiserver.errors.Cause("FieldValueDuplicate", "Duplicate value: core.Taint{Key:"
            + GoFormat.quote(Lists.orEmpty(t.getKey())) + ", Value:" + GoFormat.quote(Lists.orEmpty(t.getValue()))
            + ", Effect:" + GoFormat.quote(effect) + ", TimeAdded:<nil>}: taints must be unique by key and effect pair", at.path())));
      }
    }
    List<String> cidrs = Lists.of(node.getSpec().getPodCIDRs());
    for (int i = 0; i < cidrs.size(); i++) {
      String c = cidrs.get(i);
      int slash = c.indexOf('/');
      if (slash < 0 || IpAddresses.parse(c.substring(0, slash)) == null) {
        errs.invalid(FieldPath.root("spec").child("podCIDRs").index(i), GoFormat.stringList(cidrs), "must be valid CIDR");
      }
    }
  }

  @Override
  protected void checkUpdate(Node node, Node old, FieldErrors errs) {
    List<String> oldCidrs = Lists.of(old.getSpec().getPodCIDRs());
    if (!oldCidrs.isEmpty() && !oldCidrs.equals(Lists.of(node.getSpec().getPodCIDRs()))) {
      errs.forbidden(FieldPath.root("spec").child("podCIDRs"), "node updates may not change podCIDR except from \"\" to valid");
    }
    String oldProvider = old.getSpec().getProviderID();
    if (!Lists.isEmpty(oldProvider) && !Objects.equals(oldProvider, node.getSpec().getProviderID())) {
      errs.forbidden(FieldPath.root("spec").child("providerID"), "node updates may not change providerID except from \"\" to valid");
    }
  }
}
