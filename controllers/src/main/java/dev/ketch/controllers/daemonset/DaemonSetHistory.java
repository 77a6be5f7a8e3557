package dev.ketch.controllers.daemonset;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.history.Revisions;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.ControllerRefManager;
import dev.ketch.controllers.objects.Deletion;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.ownership.ControllerRefs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A DaemonSet's ControllerRevisions (upstream's constructHistory and cleanupHistory): the
 * revision whose data restores the current template is current (created as {@code <ds>-<hash>}
 * with the template's hash, or renumbered to be the latest); the others are old, and those no
 * pod uses are deleted beyond revisionHistoryLimit.
 */
final class DaemonSetHistory {

  /** The current revision, its hash, and the old revisions. */
  record History(ControllerRevision current, String hash, List<ControllerRevision> old) {}

  /** A name collision: the DaemonSet's collision count must go up before trying again. */
  static final class Collision extends RuntimeException {
    Collision(String name) {
      super("found a stale collision for revision " + name + ", will retry with a higher collision count");
    }
  }

  private final ObjectCache<ControllerRevision> revisions;
  private final ResourceClient<ControllerRevision> client;
  private final ResourceClient<DaemonSet> dsClient;

  DaemonSetHistory(Cluster cluster) {
    this.revisions = cluster.lister(ControllerRevision.class);
    this.client = cluster.client(ControllerRevision.class);
    this.dsClient = cluster.client(DaemonSet.class);
  }

  History construct(DaemonSet ds, BooleanSupplier canAdopt) {
    var manager = new ControllerRefManager<>(client, ds, ControllerRefs.newControllerRef(ds, DaemonPods.API_VERSION, DaemonPods.KIND),
        (ControllerRevision r) -> Selector.matches(ds.getSpec().getSelector(), r.getMetadata().getLabels()), canAdopt, r -> r);
    List<ControllerRevision> owned = manager.claim(revisions.list(ds.getMetadata().getNamespace()));
    Map<String, Object> data = Revisions.templatePatch(ds.getSpec().getTemplate());
    List<ControllerRevision> current = new ArrayList<>();
    List<ControllerRevision> old = new ArrayList<>();
    for (ControllerRevision r : owned) {
      (Revisions.hasData(r, data) ? current : old).add(r);
    }
    long next = Revisions.next(old);
    ControllerRevision cur;
    if (current.isEmpty()) {
      cur = snapshot(ds, data, next);
    } else {
      current.sort(Revisions.BY_REVISION);
      cur = current.getLast();
      // Duplicates of the current revision are history too (upstream relabels their pods first).
      old.addAll(current.subList(0, current.size() - 1));
      if (cur.getRevision() == null || cur.getRevision() < next) {
        String name = cur.getMetadata().getName();
        ControllerRevision renumbered = client.edit(cur.getMetadata().getNamespace(), name, fresh -> {
          fresh.setRevision(next);
          return fresh;
        });
        cur = renumbered == null ? cur : renumbered;
      }
    }
    String hash = cur.getMetadata().getLabels() == null ? null : cur.getMetadata().getLabels().get(DaemonPods.HASH_LABEL);
    if (hash == null) {
      hash = cur.getMetadata().getName();
    }
    return new History(cur, hash, old);
  }

  /** Creates the revision of the current template; a name taken by other data raises the collision count. */
  private ControllerRevision snapshot(DaemonSet ds, Map<String, Object> data, long revision) {
    int collisionCount = ds.getStatus() == null || ds.getStatus().getCollisionCount() == null ? 0 : ds.getStatus().getCollisionCount();
    String hash = Revisions.hash(Revisions.templatePatch(ds.getSpec().getTemplate()), collisionCount);
    Map<String, String> labels = new LinkedHashMap<>();
    if (ds.getSpec().getTemplate().getMetadata() != null && ds.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(ds.getSpec().getTemplate().getMetadata().getLabels());
    }
    ControllerRevision cr = Revisions.newRevision(ds, DaemonPods.API_VERSION, DaemonPods.KIND, labels, data, revision, collisionCount);
    cr.getMetadata().setName(Revisions.name(ds.getMetadata().getName(), hash));
    cr.getMetadata().getLabels().put(DaemonPods.HASH_LABEL, hash);
    cr.getMetadata().getLabels().remove(Revisions.HASH_LABEL);
    try {
      return client.create(cr);
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isConflict(e)) {
        throw e;
      }
      ControllerRevision existing = client.get(cr.getMetadata().getNamespace(), cr.getMetadata().getName());
      if (existing != null && Revisions.hasData(existing, data)) {
        return existing;
      }
      dsClient.editStatus(ds.getMetadata().getNamespace(), ds.getMetadata().getName(), fresh -> {
        var status = fresh.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.DaemonSetStatus() : fresh.getStatus();
        status.setCollisionCount((status.getCollisionCount() == null ? 0 : status.getCollisionCount()) + 1);
        fresh.setStatus(status);
        return fresh;
      });
      throw new Collision(cr.getMetadata().getName());
    }
  }

  /** Deletes the oldest old revisions beyond the limit whose hash no pod carries. */
  void cleanup(DaemonSet ds, List<ControllerRevision> old, List<Pod> pods) {
    int limit = ds.getSpec().getRevisionHistoryLimit() == null ? 10 : ds.getSpec().getRevisionHistoryLimit();
    int toKill = old.size() - limit;
    if (toKill <= 0) {
      return;
    }
    Set<String> live = new HashSet<>();
    for (Pod p : pods) {
      if (p.getMetadata().getLabels() != null && p.getMetadata().getLabels().get(DaemonPods.HASH_LABEL) != null) {
        live.add(p.getMetadata().getLabels().get(DaemonPods.HASH_LABEL));
      }
    }
    List<ControllerRevision> sorted = new ArrayList<>(old);
    sorted.sort(Revisions.BY_REVISION);
    for (ControllerRevision r : sorted) {
      if (toKill <= 0) {
        break;
      }
      String hash = r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(DaemonPods.HASH_LABEL);
      if (hash != null && live.contains(hash)) {
        continue;
      }
      client.delete(r.getMetadata().getNamespace(), r.getMetadata().getName(), Deletion.ofUid(r.getMetadata().getUid()));
      toKill--;
    }
  }
}
