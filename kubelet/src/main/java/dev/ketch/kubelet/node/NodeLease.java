package dev.ketch.kubelet.node;

import dev.ketch.kubelet.KubeletConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The node's heartbeat: a Lease named after the node in {@code kube-node-lease}, held by the node,
 * 40 s long, owned by the Node object (so it goes with it), whose renewTime moves at every {@link
 * #renew()} (every 10 s), as upstream's nodelease controller. Each renewal is one PUT with the
 * Lease last seen; a conflict or a missing Lease reads or creates it again.
 *
 * <p>Not thread-safe: one kubelet timer calls it.
 */
public final class NodeLease {

  public static final String NAMESPACE = "kube-node-lease";

  private final KubernetesClient client;
  private final KubeletConfig config;
  private final Clock clock;
  private Node owner;
  private Lease latest;

  public NodeLease(KubernetesClient client, KubeletConfig config, Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
  }

  /** The Node the Lease belongs to; its uid goes into the Lease's owner reference. */
  public void setOwner(Node node) {
    this.owner = node;
  }

  /** Renews (or first creates) the Lease. Throws if the API fails; the next renewal tries again. */
  public Lease renew() {
    ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    if (latest == null) {
      latest = client.leases().inNamespace(NAMESPACE).withName(config.nodeName()).get();
    }
    if (latest == null) {
      try {
        latest = client.leases().inNamespace(NAMESPACE).resource(fresh(now)).create();
        return latest;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        latest = client.leases().inNamespace(NAMESPACE).withName(config.nodeName()).get();
        if (latest == null) {
          throw e;
        }
      }
    }
    Lease next = new LeaseBuilder(latest).editSpec()
        .withHolderIdentity(config.nodeName())
        .withLeaseDurationSeconds((int) config.leaseDuration().toSeconds())
        .withRenewTime(now)
        .endSpec().build();
    if (owner != null && (next.getMetadata().getOwnerReferences() == null || next.getMetadata().getOwnerReferences().isEmpty())) {
      next.getMetadata().setOwnerReferences(java.util.List.of(ownerReference()));
    }
    try {
      latest = client.leases().inNamespace(NAMESPACE).resource(next).update();
    } catch (KubernetesClientException e) {
      // Someone else moved it, or it was deleted: read it again on the next renewal.
      latest = null;
      throw e;
    }
    return latest;
  }

  private Lease fresh(ZonedDateTime now) {
    LeaseBuilder b = new LeaseBuilder()
        .withNewMetadata().withName(config.nodeName()).withNamespace(NAMESPACE).endMetadata()
        .withNewSpec()
            .withHolderIdentity(config.nodeName())
            .withLeaseDurationSeconds((int) config.leaseDuration().toSeconds())
            .withRenewTime(now)
        .endSpec();
    if (owner != null) {
      b.editMetadata().withOwnerReferences(ownerReference()).endMetadata();
    }
    return b.build();
  }

  private io.fabric8.kubernetes.api.model.OwnerReference ownerReference() {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid()).build();
  }
}
