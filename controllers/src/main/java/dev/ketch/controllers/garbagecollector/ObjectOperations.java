package dev.ketch.controllers.garbagecollector;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.DynamicClient;
import dev.ketch.controllers.client.JsonPatch;
import dev.ketch.controllers.discovery.ApiResource;
import dev.ketch.controllers.discovery.ApiResources;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The garbage collector's writes, each guarded so it cannot touch another object than the one
 * meant: deletes carry a uid precondition, patches test the uid and the list element they remove.
 * A patch whose test fails (the object changed meanwhile) is recomputed from a fresh read.
 * Thread-safe.
 */
final class ObjectOperations {

  /** A reference to a kind discovery does not know (yet); retried with back-off. */
  static final class UnknownKindException extends RuntimeException {
    UnknownKindException(String apiVersion, String kind) {
      super("no resource for apiVersion=" + apiVersion + " kind=" + kind);
    }
  }

  private static final int PATCH_ATTEMPTS = 5;

  private final DynamicClient client;
  private final Supplier<ApiResources> resources;

  ObjectOperations(DynamicClient client, Supplier<ApiResources> resources) {
    this.client = client;
    this.resources = resources;
  }

  ApiResource resourceFor(String apiVersion, String kind) {
    return resources.get().forKind(apiVersion, kind).orElseThrow(() -> new UnknownKindException(apiVersion, kind));
  }

  /** The live object at {@code id}'s coordinates (whatever its uid), or empty. */
  Optional<GenericKubernetesResource> get(ObjectIdentity id) {
    ApiResource r = resourceFor(id.apiVersion(), id.kind());
    return client.get(r, r.namespaced() ? id.namespace() : null, id.name());
  }

  /** Deletes the object if it still has {@code id}'s uid; gone already counts as done. */
  void delete(ObjectIdentity id, String propagationPolicy) {
    ApiResource r = resourceFor(id.apiVersion(), id.kind());
    DeleteOptions options = new DeleteOptionsBuilder()
        .withApiVersion("v1").withKind("DeleteOptions")
        .withNewPreconditions().withUid(id.uid()).endPreconditions()
        .withPropagationPolicy(propagationPolicy)
        .build();
    try {
      client.delete(r, r.namespaced() ? id.namespace() : null, id.name(), options);
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  /** Removes {@code finalizer} from the object with {@code id}'s uid, if it is still there. */
  void removeFinalizer(ObjectIdentity id, String finalizer) {
    patchFresh(id, latest -> {
      List<String> finalizers = latest.getMetadata().getFinalizers();
      int i = finalizers == null ? -1 : finalizers.indexOf(finalizer);
      if (i < 0) {
        return null;
      }
      return new JsonPatch().test("/metadata/uid", id.uid())
          .test("/metadata/finalizers/" + i, finalizer)
          .remove("/metadata/finalizers/" + i);
    });
  }

  /** Removes the references to owners with {@code ownerUids} from the object with {@code id}'s uid. */
  void removeOwnerReferences(ObjectIdentity id, Collection<String> ownerUids) {
    patchFresh(id, latest -> {
      List<OwnerReference> refs = latest.getMetadata().getOwnerReferences();
      if (refs == null) {
        return null;
      }
      JsonPatch patch = new JsonPatch().test("/metadata/uid", id.uid());
      // From the end, so that each index still points at the element tested.
      for (int i = refs.size() - 1; i >= 0; i--) {
        if (ownerUids.contains(refs.get(i).getUid())) {
          patch.test("/metadata/ownerReferences/" + i + "/uid", refs.get(i).getUid())
              .remove("/metadata/ownerReferences/" + i);
        }
      }
      return patch.operations().size() > 1 ? patch : null;
    });
  }

  /** Sets {@code blockOwnerDeletion: false} on every blocking reference of the object with {@code id}'s uid. */
  void unblockOwnerReferences(ObjectIdentity id) {
    patchFresh(id, latest -> {
      List<OwnerReference> refs = latest.getMetadata().getOwnerReferences();
      if (refs == null) {
        return null;
      }
      JsonPatch patch = new JsonPatch().test("/metadata/uid", id.uid());
      for (int i = 0; i < refs.size(); i++) {
        if (Boolean.TRUE.equals(refs.get(i).getBlockOwnerDeletion())) {
          patch.test("/metadata/ownerReferences/" + i + "/uid", refs.get(i).getUid())
              .add("/metadata/ownerReferences/" + i + "/blockOwnerDeletion", false);
        }
      }
      return patch.operations().size() > 1 ? patch : null;
    });
  }

  private interface PatchPlan {
    /** The patch to apply to {@code latest}, or null if nothing is left to do. */
    JsonPatch plan(GenericKubernetesResource latest);
  }

  private void patchFresh(ObjectIdentity id, PatchPlan plan) {
    ApiResource r = resourceFor(id.apiVersion(), id.kind());
    String ns = r.namespaced() ? id.namespace() : null;
    for (int attempt = 1; ; attempt++) {
      Optional<GenericKubernetesResource> latest = client.get(r, ns, id.name());
      if (latest.isEmpty() || !id.uid().equals(latest.get().getMetadata().getUid())) {
        return;
      }
      JsonPatch patch = plan.plan(latest.get());
      if (patch == null) {
        return;
      }
      try {
        client.jsonPatch(r, ns, id.name(), patch);
        return;
      } catch (KubernetesClientException e) {
        if (ApiErrors.isNotFound(e)) {
          return;
        }
        // 422: a test failed because the object changed after it was read; 409: a write raced.
        if (!(ApiErrors.isInvalid(e) || ApiErrors.isConflict(e)) || attempt >= PATCH_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
