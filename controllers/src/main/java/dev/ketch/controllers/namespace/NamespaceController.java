package dev.ketch.controllers.namespace;

import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.queue.BucketRateLimiter;
import dev.ketch.controllers.queue.ItemExponentialFailureRateLimiter;
import dev.ketch.controllers.queue.MaxOfRateLimiter;
import dev.ketch.controllers.queue.WorkQueue;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;

/**
 * The namespace controller, as kube-controller-manager's: a namespace being deleted (Terminating)
 * is emptied of every namespaced object and then finalized, removing its {@code kubernetes}
 * finalizer so that the API server deletes it. The work itself is the {@link
 * NamespacedResourcesDeleter}'s; content that takes time to go (pods in their grace period,
 * objects with finalizers) is looked at again after the time it should take.
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class NamespaceController implements ManagedController {

  private static final String NAME = "namespace";

  private final SharedIndexInformer<Namespace> informer;
  private final NamespacedResourcesDeleter deleter;
  private final Controller<String> controller;

  public NamespaceController(ControllerContext context, NamespaceControllerConfig config) {
    Clock clock = context.clock();
    this.informer = context.informers().forType(Namespace.class);
    this.deleter = new NamespacedResourcesDeleter(context.client(), context.dynamicClient(), context.discovery(), clock);
    WorkQueue<String> queue = new WorkQueue<>(NAME, rateLimiter(clock), clock);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        enqueueIfTerminating(queue, ns, config.deletionGracePeriod());
      }

      @Override
      public void onUpdate(Namespace oldNs, Namespace ns) {
        enqueueIfTerminating(queue, ns, config.deletionGracePeriod());
      }

      @Override
      public void onDelete(Namespace ns, boolean deletedFinalStateUnknown) {}
    });
    this.controller = new Controller<>(NAME, queue, this::reconcile, config.workers(), List.of(informer::hasSynced));
  }

  /**
   * Upstream's namespace limiter, tuned to retry within a minute: per-namespace back-off from 5 ms
   * to 60 s, with the overall 10 per second bucket.
   */
  static MaxOfRateLimiter<String> rateLimiter(Clock clock) {
    return new MaxOfRateLimiter<>(List.of(
        new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(60)),
        new BucketRateLimiter<>(10, 100, clock)));
  }

  private static void enqueueIfTerminating(WorkQueue<String> queue, Namespace ns, Duration delay) {
    if (ns.getMetadata().getDeletionTimestamp() != null) {
      queue.addAfter(ns.getMetadata().getName(), delay);
    }
  }

  private Result reconcile(String name) throws Exception {
    Namespace cached = informer.getStore().getByKey(name);
    if (cached == null || cached.getMetadata().getDeletionTimestamp() == null) {
      return Result.done();
    }
    long estimateSeconds = deleter.delete(name);
    if (estimateSeconds > 0) {
      return Result.requeueAfter(Duration.ofSeconds(estimateSeconds / 2 + 1));
    }
    return Result.done();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run() {
    controller.run();
  }

  @Override
  public void close() {
    controller.close();
  }
}
