package dev.ketch.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.queue.WorkQueue;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The graph builder's bookkeeping and what it queues, event by event, without an API server. */
class GraphBuilderTest {

  private final FakeClock clock = new FakeClock();
  private final DependencyGraph graph = new DependencyGraph();
  private final WorkQueue<Node> attemptToDelete = WorkQueue.withDefaultRateLimiter("delete", clock);
  private final WorkQueue<Node> attemptToOrphan = WorkQueue.withDefaultRateLimiter("orphan", clock);
  private final LruSet<ObjectIdentity> absent = new LruSet<>(100);
  private final LruSet<String> orphaned = new LruSet<>(100);
  private final GraphBuilder builder = new GraphBuilder(graph, attemptToDelete, attemptToOrphan, absent, orphaned);

  private static final ObjectIdentity RS = new ObjectIdentity("apps/v1", "ReplicaSet", "ns", "web-1", "rs-uid");
  private static final ObjectIdentity POD = new ObjectIdentity("v1", "Pod", "ns", "web-1-a", "pod-uid");

  private static OwnerReference ref(ObjectIdentity owner, boolean block) {
    return new OwnerReferenceBuilder().withApiVersion(owner.apiVersion()).withKind(owner.kind()).withName(owner.name())
        .withUid(owner.uid()).withBlockOwnerDeletion(block).build();
  }

  private static GraphEvent.State state(ObjectIdentity id, List<OwnerReference> owners, boolean deleting, String... finalizers) {
    return new GraphEvent.State(id, owners, Set.of(finalizers), deleting);
  }

  private void add(GraphEvent.State s) {
    builder.process(new GraphEvent(GraphEvent.Type.ADD, s, null, false));
  }

  private void update(GraphEvent.State old, GraphEvent.State now) {
    builder.process(new GraphEvent(GraphEvent.Type.UPDATE, now, old, false));
  }

  private void delete(GraphEvent.State s) {
    builder.process(new GraphEvent(GraphEvent.Type.DELETE, s, null, false));
  }

  private static List<ObjectIdentity> drain(WorkQueue<Node> q) {
    List<ObjectIdentity> out = new ArrayList<>();
    Node n;
    while ((n = q.poll()) != null) {
      out.add(n.identity());
      q.done(n);
    }
    return out;
  }

  @Test
  void anOwnerNotYetSeenBecomesAVirtualNodeToCheck() {
    add(state(POD, List.of(ref(RS, true)), false));

    Node owner = graph.get("rs-uid");
    assertThat(owner.isObserved()).isFalse();
    assertThat(owner.identity()).isEqualTo(RS);
    assertThat(graph.dependents(owner)).extracting(Node::identity).containsExactly(POD);
    assertThat(drain(attemptToDelete)).containsExactly(RS);
  }

  @Test
  void theOwnersOwnEventMakesTheVirtualNodeReal() {
    add(state(POD, List.of(ref(RS, true)), false));
    drain(attemptToDelete);
    Node virtual = graph.get("rs-uid");

    add(state(RS, List.of(), false));

    assertThat(graph.get("rs-uid")).isSameAs(virtual);
    assertThat(virtual.isObserved()).isTrue();
    assertThat(graph.dependents(virtual)).hasSize(1);
    assertThat(drain(attemptToDelete)).isEmpty();
  }

  @Test
  void foregroundDeletionMarksTheOwnerAndQueuesItWithItsDependents() {
    add(state(RS, List.of(), false));
    add(state(POD, List.of(ref(RS, true)), false));

    update(state(RS, List.of(), false), state(RS, List.of(), true, "foregroundDeletion"));

    assertThat(graph.get("rs-uid").isDeletingDependents()).isTrue();
    assertThat(drain(attemptToDelete)).containsExactlyInAnyOrder(POD, RS);
    assertThat(graph.blockingDependents(graph.get("rs-uid"))).extracting(Node::identity).containsExactly(POD);
  }

  @Test
  void orphanDeletionQueuesTheOwnerForOrphaningAndRemembersIt() {
    add(state(RS, List.of(), false));
    add(state(POD, List.of(ref(RS, false)), false));

    update(state(RS, List.of(), false), state(RS, List.of(), true, "orphan"));

    assertThat(drain(attemptToOrphan)).containsExactly(RS);
    assertThat(drain(attemptToDelete)).isEmpty();
    assertThat(orphaned.has("rs-uid")).isTrue();
  }

  @Test
  void anObjectFirstSeenAlreadyDeletingInTheForegroundIsQueued() {
    add(state(RS, List.of(), true, "foregroundDeletion"));
    Node rs = graph.get("rs-uid");
    assertThat(rs.isBeingDeleted()).isTrue();
    assertThat(rs.isDeletingDependents()).isTrue();
    assertThat(drain(attemptToDelete)).containsExactly(RS);
  }

  @Test
  void aDeletedOwnerQueuesItsDependentsAndIsRememberedAbsent() {
    add(state(RS, List.of(), false));
    add(state(POD, List.of(ref(RS, false)), false));

    delete(state(RS, List.of(), false));

    assertThat(graph.get("rs-uid")).isNull();
    assertThat(drain(attemptToDelete)).containsExactly(POD);
    assertThat(absent.has(RS)).isTrue();
  }

  @Test
  void aDeletedDependentQueuesAnOwnerWaitingForIt() {
    add(state(RS, List.of(), true, "foregroundDeletion"));
    add(state(POD, List.of(ref(RS, true)), false));
    drain(attemptToDelete);

    delete(state(POD, List.of(ref(RS, true)), false));

    assertThat(drain(attemptToDelete)).containsExactly(RS);
    assertThat(graph.dependents(graph.get("rs-uid"))).isEmpty();
  }

  @Test
  void droppingABlockingReferenceQueuesTheOwner() {
    add(state(RS, List.of(), false));
    add(state(POD, List.of(ref(RS, true)), false));
    drain(attemptToDelete);

    update(state(POD, List.of(ref(RS, true)), false), state(POD, List.of(ref(RS, false)), false));
    assertThat(drain(attemptToDelete)).containsExactly(RS);

    update(state(POD, List.of(ref(RS, false)), false), state(POD, List.of(), false));
    assertThat(drain(attemptToDelete)).as("the reference no longer blocked").isEmpty();
    assertThat(graph.dependents(graph.get("rs-uid"))).isEmpty();
  }

  @Test
  void aVirtualDeleteRemovesAVirtualNodeAndQueuesItsDependents() {
    add(state(POD, List.of(ref(RS, true)), false));
    drain(attemptToDelete);

    builder.process(new GraphEvent(GraphEvent.Type.DELETE, state(RS, List.of(), false), null, true));

    assertThat(graph.get("rs-uid")).isNull();
    assertThat(drain(attemptToDelete)).containsExactly(POD);
  }

  @Test
  void aVirtualDeleteUnderOtherCoordinatesKeepsAnObservedNode() {
    add(state(RS, List.of(), false));
    ObjectIdentity wrongKind = new ObjectIdentity("v1", "ConfigMap", "ns", "web-1", "rs-uid");
    add(state(POD, List.of(ref(wrongKind, false)), false));
    assertThat(drain(attemptToDelete)).as("the reference disagrees with the node it names").containsExactly(POD);

    builder.process(new GraphEvent(GraphEvent.Type.DELETE, state(wrongKind, List.of(), false), null, true));

    assertThat(graph.get("rs-uid")).isNotNull();
    assertThat(absent.has(wrongKind)).isTrue();
    assertThat(drain(attemptToDelete)).containsExactly(POD);
  }

  @Test
  void aVirtualDeleteOfAnObservedNodeWithTheSameCoordinatesRemovesIt() {
    add(state(RS, List.of(), false));
    add(state(POD, List.of(ref(RS, false)), false));

    builder.process(new GraphEvent(GraphEvent.Type.DELETE, state(RS, List.of(), false), null, true));

    assertThat(graph.get("rs-uid")).isNull();
    assertThat(drain(attemptToDelete)).containsExactly(POD);
  }
}
