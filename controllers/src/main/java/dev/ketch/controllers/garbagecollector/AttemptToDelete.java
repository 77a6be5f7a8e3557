package dev.ketch.controllers.garbagecollector;

import dev.ketch.controllers.discovery.ApiResource;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.Reconciler;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector's main worker, upstream's attemptToDeleteItem. For one node it reads the
 * live object and:
 *
 * <ul>
 *   <li>if the object is gone (or has another uid), tells the graph (a virtual delete);
 *   <li>if it is being deleted in the foreground, removes its {@code foregroundDeletion}
 *       finalizer once no dependent blocks it, else queues the blocking dependents;
 *   <li>drops references to owners deleted with the orphan policy (see {@link
 *       #dropReferencesToOrphaningOwners});
 *   <li>classifies its owner references, each checked against the API by uid: <em>solid</em>
 *       (owner exists), <em>dangling</em> (owner gone, or another object under that name), or
 *       <em>waiting</em> (owner being deleted in the foreground);
 *   <li>with a solid owner, removes the dangling and waiting references and keeps the object;
 *   <li>with no solid owner but one waiting, deletes it in the foreground if it has dependents
 *       itself (so the wait propagates down), otherwise as below;
 *   <li>with no solid owner, deletes it, honouring an {@code orphan} or {@code foregroundDeletion}
 *       finalizer it already has, else in the background.
 * </ul>
 */
final class AttemptToDelete implements Reconciler<Node> {

  private static final Logger log = LoggerFactory.getLogger(AttemptToDelete.class);

  private final DependencyGraph graph;
  private final GraphBuilder graphBuilder;
  private final ObjectOperations operations;
  private final LruSet<ObjectIdentity> absentOwners;
  private final LruSet<String> orphanedOwners;
  private final WorkQueue<Node> queue;
  private final EventRecorder events;

  AttemptToDelete(DependencyGraph graph, GraphBuilder graphBuilder, ObjectOperations operations, LruSet<ObjectIdentity> absentOwners,
      LruSet<String> orphanedOwners, WorkQueue<Node> queue, EventRecorder events) {
    this.graph = graph;
    this.graphBuilder = graphBuilder;
    this.operations = operations;
    this.absentOwners = absentOwners;
    this.orphanedOwners = orphanedOwners;
    this.queue = queue;
    this.events = events;
  }

  private enum Outcome {
    DONE,
    VIRTUAL_DELETE_QUEUED,
    INVALID_OWNER
  }

  @Override
  public Result reconcile(Node node) {
    if (!node.isObserved()) {
      Node inGraph = graph.get(node.uid());
      if (inGraph == null || inGraph != node || inGraph.isObserved()) {
        // Removed meanwhile, or an informer has seen the real object since it was queued.
        return Result.done();
      }
    }
    Outcome outcome = attempt(node);
    if (outcome == Outcome.DONE && !node.isObserved()) {
      // The owner exists but no informer has reported it yet: look again, in case it is
      // deleted before one does.
      return Result.requeue();
    }
    return Result.done();
  }

  private Outcome attempt(Node item) {
    if (item.isBeingDeleted() && !item.isDeletingDependents()) {
      // Deletion is under way; its dependents are looked at when it is gone.
      return Outcome.DONE;
    }
    ObjectIdentity id = item.identity();
    Optional<GenericKubernetesResource> found = operations.get(id);
    if (found.isEmpty() || !id.uid().equals(found.get().getMetadata().getUid())) {
      log.debug("object not found, virtual delete object={}", id);
      graphBuilder.enqueueVirtualDelete(id);
      return Outcome.VIRTUAL_DELETE_QUEUED;
    }
    GenericKubernetesResource latest = found.get();
    if (item.isDeletingDependents()) {
      return processDeletingDependents(item);
    }
    List<OwnerReference> refs = latest.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      return Outcome.DONE;
    }
    refs = dropReferencesToOrphaningOwners(id, refs);
    if (refs.isEmpty()) {
      return Outcome.DONE;
    }
    List<OwnerReference> solid = new ArrayList<>();
    List<OwnerReference> dangling = new ArrayList<>();
    List<OwnerReference> waiting = new ArrayList<>();
    for (OwnerReference ref : refs) {
      Optional<Optional<GenericKubernetesResource>> owner = lookUpOwner(ref, item);
      if (owner.isEmpty()) {
        return Outcome.INVALID_OWNER;
      }
      if (owner.get().isEmpty()) {
        dangling.add(ref);
      } else if (waitsForDependents(owner.get().get())) {
        waiting.add(ref);
      } else {
        solid.add(ref);
      }
    }
    if (!solid.isEmpty()) {
      if (dangling.isEmpty() && waiting.isEmpty()) {
        return Outcome.DONE;
      }
      Set<String> uids = new HashSet<>();
      dangling.forEach(r -> uids.add(r.getUid()));
      waiting.forEach(r -> uids.add(r.getUid()));
      log.info("removing owner references object={} dangling={} waiting={}", id, uidsOf(dangling), uidsOf(waiting));
      operations.removeOwnerReferences(id, uids);
      return Outcome.DONE;
    }
    if (!waiting.isEmpty() && graph.dependentCount(item) > 0) {
      for (Node dep : graph.dependents(item)) {
        if (dep.isDeletingDependents()) {
          // A dependent of ours waits for us while our owner waits for us: break the possible
          // cycle by no longer blocking our owners.
          log.info("unblocking owner references to avoid a cycle object={} dependent={}", id, dep.identity());
          operations.unblockOwnerReferences(id);
          break;
        }
      }
      log.info("deleting object={} propagationPolicy=Foreground reason=owner-waits-for-dependents", id);
      operations.delete(id, "Foreground");
      return Outcome.DONE;
    }
    List<String> finalizers = latest.getMetadata().getFinalizers();
    String policy;
    if (finalizers != null && finalizers.contains(GraphBuilder.ORPHAN)) {
      policy = "Orphan";
    } else if (finalizers != null && finalizers.contains(GraphBuilder.FOREGROUND)) {
      policy = "Foreground";
    } else {
      policy = "Background";
    }
    log.info("deleting object={} propagationPolicy={} reason=no-owner-left", id, policy);
    operations.delete(id, policy);
    return Outcome.DONE;
  }

  /**
   * Removes references to owners seen being deleted with the orphan policy. Their orphaning worked
   * from the graph, which may have learnt of this dependent only after the owner went (informers
   * of different resources are not in step): the owner's wish still holds, so the dependent loses
   * the reference instead of being collected.
   *
   * @return the references left to classify
   */
  private List<OwnerReference> dropReferencesToOrphaningOwners(ObjectIdentity id, List<OwnerReference> refs) {
    Set<String> orphaning = new HashSet<>();
    for (OwnerReference ref : refs) {
      if (orphanedOwners.has(ref.getUid())) {
        orphaning.add(ref.getUid());
      }
    }
    if (orphaning.isEmpty()) {
      return refs;
    }
    log.info("orphaning object={} from owners deleted with propagationPolicy=Orphan owners={}", id, orphaning);
    operations.removeOwnerReferences(id, orphaning);
    return refs.stream().filter(r -> !orphaning.contains(r.getUid())).toList();
  }

  private Outcome processDeletingDependents(Node item) {
    List<Node> blocking = graph.blockingDependents(item);
    if (blocking.isEmpty()) {
      log.info("dependents gone, removing finalizer object={} finalizer={}", item.identity(), GraphBuilder.FOREGROUND);
      operations.removeFinalizer(item.identity(), GraphBuilder.FOREGROUND);
      return Outcome.DONE;
    }
    for (Node dep : blocking) {
      if (!dep.isDeletingDependents()) {
        queue.add(dep);
      }
    }
    return Outcome.DONE;
  }

  /**
   * The owner {@code ref} points at, looked up live: an empty inner optional if it does not exist
   * under that uid; an empty outer optional if the reference is invalid (a cluster-scoped object
   * cannot have a namespaced owner) and will not become valid by retrying.
   */
  private Optional<Optional<GenericKubernetesResource>> lookUpOwner(OwnerReference ref, Node item) {
    ObjectIdentity clusterKey = ObjectIdentity.ofOwner(ref, "");
    ObjectIdentity namespacedKey = clusterKey.inNamespace(item.identity().namespace());
    if (absentOwners.has(clusterKey) || absentOwners.has(namespacedKey)) {
      return Optional.of(Optional.empty());
    }
    ApiResource r = operations.resourceFor(ref.getApiVersion(), ref.getKind());
    if (r.namespaced() && item.identity().namespace().isEmpty()) {
      log.info("cluster-scoped object has a namespaced owner object={} owner={}", item.identity(), clusterKey);
      events.event(new ObjectReferenceBuilder().withApiVersion(item.identity().apiVersion()).withKind(item.identity().kind())
              .withName(item.identity().name()).withUid(item.uid()).build(),
          EventType.WARNING, "OwnerRefInvalidNamespace",
          "ownerRef " + clusterKey + " does not exist in namespace \"\"");
      return Optional.empty();
    }
    ObjectIdentity key = r.namespaced() ? namespacedKey : clusterKey;
    Optional<GenericKubernetesResource> owner = operations.get(key);
    if (owner.isEmpty() || !ref.getUid().equals(owner.get().getMetadata().getUid())) {
      absentOwners.add(key);
      return Optional.of(Optional.empty());
    }
    return Optional.of(owner);
  }

  private static boolean waitsForDependents(GenericKubernetesResource owner) {
    var meta = owner.getMetadata();
    return meta.getDeletionTimestamp() != null && meta.getFinalizers() != null
        && meta.getFinalizers().contains(GraphBuilder.FOREGROUND);
  }

  private static List<String> uidsOf(List<OwnerReference> refs) {
    return refs.stream().map(OwnerReference::getUid).toList();
  }
}
