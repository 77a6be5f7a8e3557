package dev.ketch.controllers.serviceaccount;

import dev.ketch.controllers.cache.InformerCache;
import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.Fabric8ResourceClient;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.Reconciler;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * The ServiceAccounts controller, as upstream's: every active namespace has a {@code default}
 * ServiceAccount; one deleted is created again. Keys are namespace names.
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class ServiceAccountsController implements ManagedController {

  public static final String NAME = "serviceaccount";
  static final List<String> MANAGED = List.of("default");

  private final Controller<String> controller;

  public ServiceAccountsController(ControllerContext context, int workers) {
    SharedIndexInformer<Namespace> namespaceInformer = context.informers().forType(Namespace.class);
    SharedIndexInformer<ServiceAccount> saInformer = context.informers().forType(ServiceAccount.class);
    WorkQueue<String> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    namespaceInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        queue.add(ns.getMetadata().getName());
      }

      @Override
      public void onUpdate(Namespace old, Namespace ns) {
        queue.add(ns.getMetadata().getName());
      }

      @Override
      public void onDelete(Namespace ns, boolean deletedFinalStateUnknown) {}
    });
    saInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ServiceAccount sa) {}

      @Override
      public void onUpdate(ServiceAccount old, ServiceAccount sa) {}

      @Override
      public void onDelete(ServiceAccount sa, boolean deletedFinalStateUnknown) {
        if (MANAGED.contains(sa.getMetadata().getName())) {
          queue.add(sa.getMetadata().getNamespace());
        }
      }
    });
    Reconciler<String> reconciler = new ServiceAccountsReconciler(new InformerCache<>(namespaceInformer),
        new InformerCache<>(saInformer), Fabric8ResourceClient.of(context.client(), ServiceAccount.class));
    this.controller = new Controller<>(NAME, queue, reconciler, workers, List.of(namespaceInformer::hasSynced, saInformer::hasSynced));
  }

  /** Creates the managed ServiceAccounts missing from an active namespace. */
  public record ServiceAccountsReconciler(ObjectCache<Namespace> namespaces, ObjectCache<ServiceAccount> accounts,
      ResourceClient<ServiceAccount> client) implements Reconciler<String> {

    @Override
    public Result reconcile(String namespace) {
      Namespace ns = namespaces.get("", namespace);
      if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
          || (ns.getStatus() != null && ns.getStatus().getPhase() != null && !"Active".equals(ns.getStatus().getPhase()))) {
        return Result.done();
      }
      for (String name : MANAGED) {
        if (accounts.get(namespace, name) != null) {
          continue;
        }
        try {
          client.create(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build());
        } catch (RuntimeException e) {
          if (!ApiErrors.isAlreadyExists(e) && !ApiErrors.isNamespaceTerminating(e)) {
            throw e;
          }
        }
      }
      return Result.done();
    }
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
