package dev.ketch.controllers.replicaset;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.JsonPatch;
import dev.ketch.controllers.client.ResourceClient;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * ReplicationControllers seen as ReplicaSets, so that one reconciler serves both, as upstream's
 * conversion layer: a ReplicationController's map selector becomes {@code matchLabels}, its
 * status fields and conditions map one to one. The converted objects keep {@code v1} and {@code
 * ReplicationController} as their apiVersion and kind, so events and owner references name the
 * real object.
 */
public final class ReplicationControllers {

  private ReplicationControllers() {}

  /** {@code rc} as a ReplicaSet (a new object; {@code rc} is not changed). */
  public static ReplicaSet toReplicaSet(ReplicationController rc) {
    ReplicaSet rs = new ReplicaSet();
    rs.setApiVersion("v1");
    rs.setKind("ReplicationController");
    rs.setMetadata(rc.getMetadata());
    ReplicaSetSpec spec = new ReplicaSetSpec();
    if (rc.getSpec() != null) {
      spec.setReplicas(rc.getSpec().getReplicas());
      spec.setMinReadySeconds(rc.getSpec().getMinReadySeconds());
      spec.setTemplate(rc.getSpec().getTemplate());
      if (rc.getSpec().getSelector() != null) {
        spec.setSelector(new LabelSelectorBuilder().withMatchLabels(new LinkedHashMap<>(rc.getSpec().getSelector())).build());
      }
    }
    rs.setSpec(spec);
    if (rc.getStatus() != null) {
      ReplicationControllerStatus s = rc.getStatus();
      ReplicaSetStatus st = new ReplicaSetStatus();
      st.setReplicas(s.getReplicas());
      st.setFullyLabeledReplicas(s.getFullyLabeledReplicas());
      st.setReadyReplicas(s.getReadyReplicas());
      st.setAvailableReplicas(s.getAvailableReplicas());
      st.setObservedGeneration(s.getObservedGeneration());
      if (s.getConditions() != null) {
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        for (ReplicationControllerCondition c : s.getConditions()) {
          conditions.add(new ReplicaSetCondition(c.getLastTransitionTime(), c.getMessage(), c.getReason(), c.getStatus(), c.getType()));
        }
        st.setConditions(conditions);
      }
      rs.setStatus(st);
    }
    return rs;
  }

  /** {@code rs} (converted from a ReplicationController) back as one. */
  static ReplicationController toReplicationController(ReplicaSet rs) {
    ReplicationController rc = new ReplicationController();
    rc.setMetadata(rs.getMetadata());
    if (rs.getSpec() != null) {
      ReplicationControllerSpec spec = new ReplicationControllerSpec();
      spec.setReplicas(rs.getSpec().getReplicas());
      spec.setMinReadySeconds(rs.getSpec().getMinReadySeconds());
      spec.setTemplate(rs.getSpec().getTemplate());
      if (rs.getSpec().getSelector() != null && rs.getSpec().getSelector().getMatchLabels() != null) {
        spec.setSelector(new LinkedHashMap<>(rs.getSpec().getSelector().getMatchLabels()));
      }
      rc.setSpec(spec);
    }
    ReplicaSetStatus st = rs.getStatus();
    if (st != null) {
      ReplicationControllerStatus s = new ReplicationControllerStatus();
      s.setReplicas(st.getReplicas());
      s.setFullyLabeledReplicas(st.getFullyLabeledReplicas());
      s.setReadyReplicas(st.getReadyReplicas());
      s.setAvailableReplicas(st.getAvailableReplicas());
      s.setObservedGeneration(st.getObservedGeneration());
      if (st.getConditions() != null) {
        List<ReplicationControllerCondition> conditions = new ArrayList<>();
        for (ReplicaSetCondition c : st.getConditions()) {
          conditions.add(new ReplicationControllerCondition(c.getLastTransitionTime(), c.getMessage(), c.getReason(), c.getStatus(), c.getType()));
        }
        s.setConditions(conditions);
      }
      rc.setStatus(s);
    }
    return rc;
  }

  /** A cache of ReplicationControllers read as ReplicaSets. */
  public static ObjectCache<ReplicaSet> asReplicaSets(ObjectCache<ReplicationController> cache) {
    return new ObjectCache<>() {
      @Override
      public ReplicaSet get(String namespace, String name) {
        ReplicationController rc = cache.get(namespace, name);
        return rc == null ? null : toReplicaSet(rc);
      }

      @Override
      public List<ReplicaSet> list(String namespace) {
        return cache.list(namespace).stream().map(ReplicationControllers::toReplicaSet).toList();
      }

      @Override
      public List<ReplicaSet> listAll() {
        return cache.listAll().stream().map(ReplicationControllers::toReplicaSet).toList();
      }

      @Override
      public List<ReplicaSet> byIndex(String index, String value) {
        return cache.byIndex(index, value).stream().map(ReplicationControllers::toReplicaSet).toList();
      }

      @Override
      public boolean hasSynced() {
        return cache.hasSynced();
      }
    };
  }

  /**
   * A client of ReplicationControllers taking ReplicaSets: status updates and live reads, what
   * the reconciler writes. Creation and spec updates are not for a ReplicaSet controller to make.
   */
  public static ResourceClient<ReplicaSet> asReplicaSets(ResourceClient<ReplicationController> client) {
    return new ResourceClient<>() {
      @Override
      public ReplicaSet get(String namespace, String name) {
        ReplicationController rc = client.get(namespace, name);
        return rc == null ? null : toReplicaSet(rc);
      }

      @Override
      public ReplicaSet create(ReplicaSet object) {
        throw new UnsupportedOperationException("a replication controller is not created by its controller");
      }

      @Override
      public ReplicaSet update(ReplicaSet object) {
        throw new UnsupportedOperationException("a replication controller's spec is not changed by its controller");
      }

      @Override
      public ReplicaSet updateStatus(ReplicaSet object) {
        return toReplicaSet(client.updateStatus(toReplicationController(object)));
      }

      @Override
      public ReplicaSet jsonPatch(String namespace, String name, JsonPatch patch) {
        return toReplicaSet(client.jsonPatch(namespace, name, patch));
      }

      @Override
      public void delete(String namespace, String name, String uid) {
        client.delete(namespace, name, uid);
      }
    };
  }
}
