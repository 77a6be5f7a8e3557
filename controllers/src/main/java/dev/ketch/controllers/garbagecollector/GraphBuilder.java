package dev.ketch.controllers.garbagecollector;

import dev.ketch.controllers.discovery.ApiResource;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link DependencyGraph} in step with the informers and tells the workers what to look
 * at, as upstream's GraphBuilder:
 *
 * <ul>
 *   <li>a new object is linked to its owners; an owner not in the graph becomes a virtual node,
 *       queued to be checked against the API;
 *   <li>an object starting deletion with the {@code orphan} finalizer is queued for orphaning
 *       (and remembered, for dependents the informers report only later);
 *       with {@code foregroundDeletion} it is marked as deleting its dependents, which are queued
 *       for deletion along with it;
 *   <li>a deleted object's dependents are queued (their owner may now be gone), and so are its
 *       owners that wait in the foreground for their dependents;
 *   <li>a reference that stops blocking its owner queues that owner.
 * </ul>
 *
 * <p>Informer handlers only append events; one thread applies them in order ({@link #run()}).
 */
final class GraphBuilder {

  private static final Logger log = LoggerFactory.getLogger(GraphBuilder.class);

  static final String ORPHAN = "orphan";
  static final String FOREGROUND = "foregroundDeletion";

  private final DependencyGraph graph;
  private final WorkQueue<Node> attemptToDelete;
  private final WorkQueue<Node> attemptToOrphan;
  private final LruSet<ObjectIdentity> absentOwners;
  private final LruSet<String> orphanedOwners;
  private final LinkedBlockingQueue<GraphEvent> changes = new LinkedBlockingQueue<>();
  private volatile boolean stopped;

  GraphBuilder(DependencyGraph graph, WorkQueue<Node> attemptToDelete, WorkQueue<Node> attemptToOrphan,
      LruSet<ObjectIdentity> absentOwners, LruSet<String> orphanedOwners) {
    this.graph = graph;
    this.orphanedOwners = orphanedOwners;
    this.attemptToDelete = attemptToDelete;
    this.attemptToOrphan = attemptToOrphan;
    this.absentOwners = absentOwners;
  }

  /** The handler of one monitor: turns informer events of {@code resource} into graph events. */
  ResourceEventHandler<GenericKubernetesResource> handlerFor(ApiResource resource) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource obj) {
        changes.add(new GraphEvent(GraphEvent.Type.ADD, GraphEvent.State.of(resource, obj), null, false));
      }

      @Override
      public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
        changes.add(new GraphEvent(GraphEvent.Type.UPDATE, GraphEvent.State.of(resource, newObj),
            GraphEvent.State.of(resource, oldObj), false));
      }

      @Override
      public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
        changes.add(new GraphEvent(GraphEvent.Type.DELETE, GraphEvent.State.of(resource, obj), null, false));
      }
    };
  }

  /** Tells the graph that the object {@code id} was verified not to exist. */
  void enqueueVirtualDelete(ObjectIdentity id) {
    changes.add(new GraphEvent(GraphEvent.Type.DELETE, new GraphEvent.State(id, List.of(), Set.of(), false), null, true));
  }

  /** Events not yet applied. */
  int pending() {
    return changes.size();
  }

  /** Applies events until {@link #stop()}; run on one thread only. */
  void run() {
    while (!stopped) {
      GraphEvent event;
      try {
        event = changes.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event != null) {
        try {
          process(event);
        } catch (RuntimeException e) {
          log.error("graph event failed event={}", event, e);
        }
      }
    }
  }

  void stop() {
    stopped = true;
  }

  /** Applies one event (the graph builder thread, or a test). */
  void process(GraphEvent event) {
    GraphEvent.State state = event.object();
    Node existing = graph.get(state.identity().uid());
    if (existing != null && !event.virtual()) {
      // An informer event: the object is real, whatever a reference said about it before.
      if (!existing.isObserved()) {
        existing.identity(state.identity());
      }
      existing.markObserved();
    }
    switch (event.type()) {
      case ADD, UPDATE -> {
        if (existing == null) {
          insert(event);
        } else {
          update(existing, event);
        }
      }
      case DELETE -> {
        if (existing != null) {
          delete(existing, event);
        }
      }
    }
  }

  private void insert(GraphEvent event) {
    GraphEvent.State state = event.object();
    Node node = new Node(state.identity(), state.owners(), true);
    if (state.beingDeleted()) {
      node.markBeingDeleted();
      if (state.hasFinalizer(FOREGROUND)) {
        node.markDeletingDependents();
      }
    }
    List<Node> virtualOwners = graph.insert(node);
    virtualOwners.forEach(attemptToDelete::add);
    queueIfOwnerCoordinatesDisagree(node, state.owners());
    processTransitions(event.old(), state, node);
  }

  private void update(Node existing, GraphEvent event) {
    GraphEvent.State state = event.object();
    DependencyGraph.OwnerChanges changes = graph.updateOwners(existing, state.owners());
    if (!changes.isEmpty()) {
      queueUnblockedOwners(changes);
      changes.createdVirtualOwners().forEach(attemptToDelete::add);
      queueIfOwnerCoordinatesDisagree(existing, changes.added());
    }
    if (state.beingDeleted()) {
      existing.markBeingDeleted();
    }
    processTransitions(event.old(), state, existing);
  }

  /**
   * An owner reference whose uid is in the graph under other coordinates (another kind, name or
   * namespace) may point at nothing: the dependent checks its references against the API.
   */
  private void queueIfOwnerCoordinatesDisagree(Node dependent, List<OwnerReference> refs) {
    for (OwnerReference ref : refs) {
      Node owner = graph.get(ref.getUid());
      if (owner != null && owner.isObserved() && !owner.identity().matches(ref)) {
        attemptToDelete.add(dependent);
        return;
      }
    }
  }

  private void queueUnblockedOwners(DependencyGraph.OwnerChanges changes) {
    List<String> unblocked = new ArrayList<>();
    for (OwnerReference r : changes.removed()) {
      if (Boolean.TRUE.equals(r.getBlockOwnerDeletion())) {
        unblocked.add(r.getUid());
      }
    }
    for (OwnerReference[] pair : changes.changed()) {
      if (Boolean.TRUE.equals(pair[0].getBlockOwnerDeletion()) && !Boolean.TRUE.equals(pair[1].getBlockOwnerDeletion())) {
        unblocked.add(pair[1].getUid());
      }
    }
    for (String uid : unblocked) {
      Node owner = graph.get(uid);
      if (owner != null) {
        attemptToDelete.add(owner);
      }
    }
  }

  private void processTransitions(GraphEvent.State old, GraphEvent.State now, Node node) {
    if (startsWaiting(old, now, ORPHAN)) {
      log.debug("queue for orphaning object={}", node);
      orphanedOwners.add(node.uid());
      attemptToOrphan.add(node);
      return;
    }
    if (startsWaiting(old, now, FOREGROUND)) {
      log.debug("queue for foreground deletion object={}", node);
      // A node that started virtual had no way to know: always mark it here.
      node.markDeletingDependents();
      graph.dependents(node).forEach(attemptToDelete::add);
      attemptToDelete.add(node);
    }
  }

  /** Being deleted with {@code finalizer} now, and was not before (or there was no before). */
  private static boolean startsWaiting(GraphEvent.State old, GraphEvent.State now, String finalizer) {
    if (!now.beingDeleted() || !now.hasFinalizer(finalizer)) {
      return false;
    }
    return old == null || !old.beingDeleted() || !old.hasFinalizer(finalizer);
  }

  private void delete(Node existing, GraphEvent event) {
    ObjectIdentity deleted = event.object().identity();
    if (event.virtual() && !removeAfterVirtualDelete(existing, deleted)) {
      return;
    }
    graph.remove(existing);
    List<Node> dependents = graph.dependents(existing);
    if (!dependents.isEmpty()) {
      absentOwners.add(existing.identity());
    }
    dependents.forEach(attemptToDelete::add);
    for (OwnerReference ref : graph.owners(existing)) {
      Node owner = graph.get(ref.getUid());
      if (owner != null && owner.isDeletingDependents()) {
        // Its last blocking dependent may just have gone.
        attemptToDelete.add(owner);
      }
    }
  }

  /**
   * A worker found no object at {@code deleted}'s coordinates. Decides whether the node goes:
   *
   * @return true to remove it; false when the node stays because an informer has seen an object
   *     with this uid elsewhere, or dependents name it by other coordinates still to be checked
   */
  private boolean removeAfterVirtualDelete(Node existing, ObjectIdentity deleted) {
    List<Node> matching = new ArrayList<>();
    List<Node> other = new ArrayList<>();
    List<OwnerReference> otherRefs = new ArrayList<>();
    for (Node dep : graph.dependents(existing)) {
      OwnerReference ref = graph.referenceTo(dep, existing.uid());
      if (ref != null && !deleted.matches(ref)) {
        other.add(dep);
        otherRefs.add(ref);
      } else {
        matching.add(dep);
      }
    }
    if (existing.isObserved()) {
      if (sameCoordinates(existing.identity(), deleted)) {
        // The informer has not told us yet; the API has.
        return true;
      }
      absentOwners.add(deleted);
      matching.forEach(attemptToDelete::add);
      return false;
    }
    if (other.isEmpty()) {
      return true;
    }
    if (!matching.isEmpty()) {
      absentOwners.add(deleted);
      matching.forEach(attemptToDelete::add);
    }
    if (sameCoordinates(existing.identity(), deleted)) {
      OwnerReference alternative = otherRefs.getFirst();
      existing.identity(ObjectIdentity.ofOwner(alternative, other.getFirst().identity().namespace()));
      attemptToDelete.addRateLimited(existing);
    }
    return false;
  }

  private static boolean sameCoordinates(ObjectIdentity a, ObjectIdentity b) {
    return a.uid().equals(b.uid()) && Objects.equals(a.apiVersion(), b.apiVersion())
        && Objects.equals(a.kind(), b.kind()) && Objects.equals(a.name(), b.name());
  }
}
