package dev.ketch.controllers.leaderelection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** A {@link LeaseLock} on a coordination.k8s.io/v1 Lease, through the API. Not thread-safe. */
public final class ApiLeaseLock implements LeaseLock {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private Lease last;

  public ApiLeaseLock(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public LeaderElectionRecord get() {
    last = client.leases().inNamespace(namespace).withName(name).get();
    if (last == null) {
      return null;
    }
    LeaseSpec s = last.getSpec() == null ? new LeaseSpec() : last.getSpec();
    return new LeaderElectionRecord(s.getHolderIdentity(), s.getLeaseDurationSeconds() == null ? 0 : s.getLeaseDurationSeconds(),
        instant(s.getAcquireTime()), instant(s.getRenewTime()), s.getLeaseTransitions() == null ? 0 : s.getLeaseTransitions());
  }

  @Override
  public void create(LeaderElectionRecord record) {
    last = client.leases().inNamespace(namespace).resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(namespace)
        .endMetadata().withSpec(spec(record)).build()).create();
  }

  @Override
  public void update(LeaderElectionRecord record) {
    if (last == null) {
      throw new IllegalStateException("lease " + describe() + " not read yet");
    }
    Lease next = new LeaseBuilder(last).withSpec(spec(record)).build();
    last = client.leases().inNamespace(namespace).resource(next).update();
  }

  @Override
  public String describe() {
    return namespace + "/" + name;
  }

  private static LeaseSpec spec(LeaderElectionRecord r) {
    LeaseSpec s = new LeaseSpec();
    s.setHolderIdentity(r.holderIdentity());
    s.setLeaseDurationSeconds(r.leaseDurationSeconds());
    s.setAcquireTime(time(r.acquireTime()));
    s.setRenewTime(time(r.renewTime()));
    s.setLeaseTransitions(r.leaderTransitions());
    return s;
  }

  private static ZonedDateTime time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
  }

  private static Instant instant(ZonedDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
