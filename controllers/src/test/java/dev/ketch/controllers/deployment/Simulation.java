package dev.ketch.controllers.deployment;

import static dev.ketch.controllers.fake.TestObjects.NS;

import dev.ketch.controllers.fake.FakeApi;
import dev.ketch.controllers.fake.FakeRecorder;
import dev.ketch.controllers.fake.FakeResource;
import dev.ketch.controllers.fake.TestObjects;
import dev.ketch.controllers.framework.Expectations;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.replicaset.ReplicaSetReconciler;
import dev.ketch.controllers.replicaset.ReplicatedKind;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Deployment and ReplicaSet controllers and a stand-in kubelet on one in-memory API and a
 * fake clock, stepped by hand: each {@link #step} reconciles the Deployment, then every
 * ReplicaSet, then lets the kubelet make pods run and turn ready (at most {@code readyPerStep}
 * of them, so a rollout can be watched pod by pod), and reports the state after every write to
 * an observer. Caches follow writes at once, so expectations are cleared after each pass.
 */
final class Simulation {

  final FakeClock clock = new FakeClock();
  final FakeApi api = new FakeApi(clock);
  final FakeResource<Deployment> deployments = api.of(Deployment.class);
  final FakeResource<ReplicaSet> replicaSets = api.of(ReplicaSet.class);
  final FakeResource<Pod> pods = api.of(Pod.class);
  final FakeRecorder recorder = new FakeRecorder();
  final Expectations<ObjectKey> expectations = new Expectations<>(clock);
  final DeploymentReconciler deploymentReconciler = new DeploymentReconciler(deployments.cache(), deployments, replicaSets.cache(),
      replicaSets, pods.cache(), recorder, clock);
  final ReplicaSetReconciler rsReconciler = new ReplicaSetReconciler(ReplicatedKind.REPLICA_SET, replicaSets.cache(), replicaSets,
      pods.cache(), pods, expectations, recorder, clock, Runnable::run, 500);
  /** How many pods the kubelet makes ready per step; pods are bound and Running at once. */
  int readyPerStep = Integer.MAX_VALUE;
  /** Pods matching this never turn ready. */
  java.util.function.Predicate<Pod> neverReady = p -> false;
  /** Sees the cluster after each reconcile pass. */
  Consumer<Simulation> observer = s -> {};
  private int nodes;

  Deployment create(Deployment d) {
    return deployments.create(d);
  }

  Deployment deployment(String name) {
    return deployments.stored(NS, name);
  }

  List<ReplicaSet> replicaSets() {
    return replicaSets.stored(NS);
  }

  List<Pod> activePods() {
    return pods.stored(NS).stream().filter(Pods::isActive).toList();
  }

  long availablePods(int minReadySeconds) {
    return activePods().stream().filter(p -> Pods.isAvailable(p, minReadySeconds, clock.now())).count();
  }

  /** One round: the Deployment, every ReplicaSet, then the kubelet. */
  void step(String deployment) throws Exception {
    deploymentReconciler.reconcile(new ObjectKey(NS, deployment));
    observer.accept(this);
    for (ReplicaSet rs : replicaSets.stored(NS)) {
      ObjectKey key = ObjectKey.of(rs);
      rsReconciler.reconcile(key);
      expectations.delete(key);
      observer.accept(this);
    }
    kubelet();
    observer.accept(this);
  }

  /** Steps until nothing is written in a round, at most {@code limit} rounds; returns the rounds taken. */
  int settle(String deployment, int limit) throws Exception {
    for (int i = 1; i <= limit; i++) {
      int before = api.writes().size();
      step(deployment);
      if (api.writes().size() == before) {
        return i;
      }
    }
    throw new AssertionError("did not settle in " + limit + " rounds; last writes: "
        + api.writes().subList(Math.max(0, api.writes().size() - 10), api.writes().size()));
  }

  /** Binds and runs every pending pod; makes up to readyPerStep running pods ready; deletes terminating pods. */
  void kubelet() {
    int readied = 0;
    List<Pod> all = new ArrayList<>(pods.stored(NS));
    for (Pod p : all) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        pods.delete(NS, p.getMetadata().getName(), null);
        continue;
      }
      if (Pods.nodeName(p) == null) {
        pods.add(TestObjects.running(p, "node-" + (nodes++ % 3), null));
      }
    }
    for (Pod p : pods.stored(NS)) {
      if (!Pods.isReady(p) && Pods.isActive(p) && !neverReady.test(p) && readied < readyPerStep) {
        pods.add(TestObjects.running(p, Pods.nodeName(p), clock.now()));
        readied++;
      }
    }
  }

  /** Makes the kubelet's writes not count as controller writes in {@link #settle}: they go through {@code add}. */
  FakeRecorder recorder() {
    return recorder;
  }
}
