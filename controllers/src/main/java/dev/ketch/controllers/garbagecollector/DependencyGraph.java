package dev.ketch.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The ownerReferences graph: every object the garbage collector watches, by uid, with edges from
 * owners to dependents. Only the graph builder's thread changes it; workers read snapshots.
 * Thread-safe (one read-write lock).
 */
final class DependencyGraph {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Node> byUid = new HashMap<>();

  Node get(String uid) {
    lock.readLock().lock();
    try {
      return byUid.get(uid);
    } finally {
      lock.readLock().unlock();
    }
  }

  int size() {
    lock.readLock().lock();
    try {
      return byUid.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Adds {@code node} and links it to its owners, creating a virtual node for each owner not in
   * the graph.
   *
   * @return the virtual owner nodes created, which must be checked against the API
   */
  List<Node> insert(Node node) {
    lock.writeLock().lock();
    try {
      byUid.put(node.uid(), node);
      return linkToOwnersLocked(node, node.ownersLocked());
    } finally {
      lock.writeLock().unlock();
    }
  }

  private List<Node> linkToOwnersLocked(Node node, List<OwnerReference> refs) {
    List<Node> created = new ArrayList<>();
    for (OwnerReference ref : refs) {
      Node owner = byUid.get(ref.getUid());
      if (owner == null) {
        owner = new Node(ObjectIdentity.ofOwner(ref, node.identity().namespace()), List.of(), false);
        byUid.put(owner.uid(), owner);
        created.add(owner);
      }
      owner.dependentsLocked().add(node);
    }
    return created;
  }

  /** Removes {@code node} and its edges to its owners; its dependents keep their references. */
  void remove(Node node) {
    lock.writeLock().lock();
    try {
      byUid.remove(node.uid(), node);
      unlinkFromOwnersLocked(node, node.ownersLocked());
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void unlinkFromOwnersLocked(Node node, List<OwnerReference> refs) {
    for (OwnerReference ref : refs) {
      Node owner = byUid.get(ref.getUid());
      if (owner != null) {
        owner.dependentsLocked().remove(node);
      }
    }
  }

  /** The owner references that changed, as {@link #updateOwners} found them. */
  record OwnerChanges(List<OwnerReference> added, List<OwnerReference> removed, List<OwnerReference[]> changed,
      List<Node> createdVirtualOwners) {
    boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
  }

  /**
   * Replaces the owner references of {@code node}, relinking edges; references are matched by
   * owner uid.
   *
   * @return what was added, removed and changed (old, new) and any virtual owners created
   */
  OwnerChanges updateOwners(Node node, List<OwnerReference> refs) {
    lock.writeLock().lock();
    try {
      Map<String, OwnerReference> old = new HashMap<>();
      node.ownersLocked().forEach(r -> old.put(r.getUid(), r));
      Map<String, OwnerReference> now = new HashMap<>();
      refs.forEach(r -> now.put(r.getUid(), r));
      List<OwnerReference> added = new ArrayList<>();
      List<OwnerReference> removed = new ArrayList<>();
      List<OwnerReference[]> changed = new ArrayList<>();
      for (OwnerReference r : refs) {
        OwnerReference before = old.get(r.getUid());
        if (before == null) {
          added.add(r);
        } else if (!before.equals(r)) {
          changed.add(new OwnerReference[] {before, r});
        }
      }
      for (OwnerReference r : node.ownersLocked()) {
        if (!now.containsKey(r.getUid())) {
          removed.add(r);
        }
      }
      node.ownersLocked(refs);
      List<Node> created = linkToOwnersLocked(node, added);
      unlinkFromOwnersLocked(node, removed);
      return new OwnerChanges(added, removed, changed, created);
    } finally {
      lock.writeLock().unlock();
    }
  }

  List<OwnerReference> owners(Node node) {
    lock.readLock().lock();
    try {
      return node.ownersLocked();
    } finally {
      lock.readLock().unlock();
    }
  }

  List<Node> dependents(Node node) {
    lock.readLock().lock();
    try {
      return List.copyOf(node.dependentsLocked());
    } finally {
      lock.readLock().unlock();
    }
  }

  int dependentCount(Node node) {
    lock.readLock().lock();
    try {
      return node.dependentsLocked().size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Dependents whose reference to {@code owner} has {@code blockOwnerDeletion: true}. */
  List<Node> blockingDependents(Node owner) {
    lock.readLock().lock();
    try {
      List<Node> blocking = new ArrayList<>();
      for (Node dep : owner.dependentsLocked()) {
        for (OwnerReference ref : dep.ownersLocked()) {
          if (ref.getUid().equals(owner.uid()) && Boolean.TRUE.equals(ref.getBlockOwnerDeletion())) {
            blocking.add(dep);
            break;
          }
        }
      }
      return blocking;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The reference {@code dependent} holds to the object with {@code ownerUid}, or null. */
  OwnerReference referenceTo(Node dependent, String ownerUid) {
    lock.readLock().lock();
    try {
      for (OwnerReference ref : dependent.ownersLocked()) {
        if (ref.getUid().equals(ownerUid)) {
          return ref;
        }
      }
      return null;
    } finally {
      lock.readLock().unlock();
    }
  }
}
