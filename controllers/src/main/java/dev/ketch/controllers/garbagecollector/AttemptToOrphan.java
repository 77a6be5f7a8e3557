package dev.ketch.controllers.garbagecollector;

import dev.ketch.controllers.framework.Reconciler;
import dev.ketch.controllers.framework.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orphans the dependents of an owner deleted with {@code propagationPolicy: Orphan}: removes the
 * owner's reference from every dependent in the graph, then the owner's {@code orphan} finalizer,
 * so that the owner goes and the dependents stay. Fails (and is retried) if any dependent could
 * not be updated, so the finalizer goes only when all are orphaned.
 */
final class AttemptToOrphan implements Reconciler<Node> {

  private static final Logger log = LoggerFactory.getLogger(AttemptToOrphan.class);

  private final DependencyGraph graph;
  private final ObjectOperations operations;

  AttemptToOrphan(DependencyGraph graph, ObjectOperations operations) {
    this.graph = graph;
    this.operations = operations;
  }

  @Override
  public Result reconcile(Node owner) {
    List<Node> dependents = graph.dependents(owner);
    List<String> failures = new ArrayList<>();
    for (Node dep : dependents) {
      try {
        operations.removeOwnerReferences(dep.identity(), Set.of(owner.uid()));
      } catch (RuntimeException e) {
        failures.add(dep.identity() + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("failed to orphan dependents of owner " + owner.identity() + ": " + failures);
    }
    log.info("orphaned dependents owner={} count={}", owner.identity(), dependents.size());
    operations.removeFinalizer(owner.identity(), GraphBuilder.ORPHAN);
    return Result.done();
  }
}
