package dev.ketch.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One object in the {@link DependencyGraph}: its identity, its owner references, the nodes that
 * name it as owner, and the deletion state the garbage collector acts on. A node known only from
 * an owner reference, not yet seen by an informer, is <em>virtual</em> until observed.
 *
 * <p>Owners and dependents are guarded by the graph's lock; the flags are volatile so workers
 * read them without it. Nodes compare by identity (the object, not the uid), so a work queue of
 * nodes holds each one once.
 */
final class Node {

  private volatile ObjectIdentity identity;
  private volatile boolean observed;
  private volatile boolean beingDeleted;
  private volatile boolean deletingDependents;
  // Guarded by the graph's lock.
  private List<OwnerReference> owners;
  private final Set<Node> dependents = new LinkedHashSet<>();

  Node(ObjectIdentity identity, List<OwnerReference> owners, boolean observed) {
    this.identity = identity;
    this.owners = List.copyOf(owners);
    this.observed = observed;
  }

  ObjectIdentity identity() {
    return identity;
  }

  void identity(ObjectIdentity id) {
    this.identity = id;
  }

  String uid() {
    return identity.uid();
  }

  /** Seen by an informer, as opposed to known only from an owner reference. */
  boolean isObserved() {
    return observed;
  }

  void markObserved() {
    observed = true;
  }

  /** Has a deletionTimestamp. */
  boolean isBeingDeleted() {
    return beingDeleted;
  }

  void markBeingDeleted() {
    beingDeleted = true;
  }

  /** Being deleted in the foreground: waits for its blocking dependents to go first. */
  boolean isDeletingDependents() {
    return deletingDependents;
  }

  void markDeletingDependents() {
    deletingDependents = true;
  }

  List<OwnerReference> ownersLocked() {
    return owners;
  }

  void ownersLocked(List<OwnerReference> refs) {
    this.owners = List.copyOf(refs);
  }

  Set<Node> dependentsLocked() {
    return dependents;
  }

  @Override
  public String toString() {
    return identity + (observed ? "" : " (virtual)");
  }
}
