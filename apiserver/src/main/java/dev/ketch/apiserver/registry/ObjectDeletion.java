package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.storage.StorageException;
import dev.ketch.apiserver.storage.StoredObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Deletion as Kubernetes does it. An object is removed from the store at once unless something
 * must happen first, in which case it gets a {@code deletionTimestamp} and stays until that is
 * done:
 *
 * <ul>
 *   <li>finalizers: the object stays until clients remove them all (the garbage collector's
 *       {@code orphan} and {@code foregroundDeletion} finalizers are added here for those
 *       propagation policies);
 *   <li>a grace period: a pod running on a node stays for its grace period until the kubelet has
 *       stopped it and deletes it for good; pods not on a node, or finished, go at once;
 *   <li>namespaces: stay Terminating until the namespace controller has emptied them and removed
 *       their {@code spec.finalizers}.
 * </ul>
 */
final class ObjectDeletion {

  static final String ORPHAN = "orphan";
  static final String FOREGROUND = "foregroundDeletion";
  private static final Set<String> POLICIES = Set.of("Orphan", "Background", "Foreground");
  private static final int MAX_ATTEMPTS = 10;

  private final ResourceRegistry registry;

  ObjectDeletion(ResourceRegistry registry) {
    this.registry = registry;
  }

  DeleteResult delete(String namespace, String name, DeleteOptions options, WriteOptions who) {
    String policy = options.propagationPolicy();
    if (policy != null && !POLICIES.contains(policy)) {
      throw StatusException.badRequest("propagationPolicy: Unsupported value: \"" + policy
          + "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
    }
    for (int attempt = 0; ; attempt++) {
      StoredObject current = registry.current(namespace, name);
      if (current == null) {
        throw StatusException.notFound(registry.type(), name);
      }
      HasMetadata object = TypedObjects.toTyped(registry.type(), current.object());
      checkPreconditions(object, current, options);
      registry.context().admission().validate(new AdmissionRequest(
          AdmissionRequest.Operation.DELETE, registry.type(), "", namespace, name, null, object,
          who.userName(), who.userGroups(), options.dryRun(), registry.context().lookup()));
      try {
        return deleteOnce(current, object, options, policy);
      } catch (StorageException.Conflict e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw StatusException.conflict(registry.type(), name, ObjectUpdates.MODIFIED);
        }
      } catch (StorageException.NotFound e) {
        throw StatusException.notFound(registry.type(), name);
      }
    }
  }

  private void checkPreconditions(HasMetadata object, StoredObject current, DeleteOptions options) {
    String name = object.getMetadata().getName();
    if (options.preconditionUid() != null && !options.preconditionUid().equals(object.getMetadata().getUid())) {
      throw StatusException.conflict(registry.type(), name, "Precondition failed: UID in precondition: "
          + options.preconditionUid() + ", UID in object meta: " + object.getMetadata().getUid());
    }
    if (options.preconditionResourceVersion() != null
        && !options.preconditionResourceVersion().equals(Long.toString(current.resourceVersion()))) {
      throw StatusException.conflict(registry.type(), name, "Precondition failed: ResourceVersion in precondition: "
          + options.preconditionResourceVersion() + ", ResourceVersion in meta: " + current.resourceVersion());
    }
  }

  private DeleteResult deleteOnce(StoredObject current, HasMetadata object, DeleteOptions options, String policy) {
    List<String> finalizers = new ArrayList<>(object.getMetadata().getFinalizers() == null ? List.of() : object.getMetadata().getFinalizers());
    if ("Orphan".equals(policy)) {
      finalizers.remove(FOREGROUND);
      addOnce(finalizers, ORPHAN);
    } else if ("Foreground".equals(policy)) {
      finalizers.remove(ORPHAN);
      addOnce(finalizers, FOREGROUND);
    } else if ("Background".equals(policy)) {
      finalizers.remove(ORPHAN);
      finalizers.remove(FOREGROUND);
    }
    long grace = gracePeriod(object, options);
    boolean namespaceWaits = object instanceof Namespace ns && ns.getSpec() != null
        && ns.getSpec().getFinalizers() != null && !ns.getSpec().getFinalizers().isEmpty();
    if (finalizers.isEmpty() && grace == 0 && !namespaceWaits) {
      if (!options.dryRun()) {
        registry.storage().delete(current.key(), current.resourceVersion());
        registry.hooks().afterDelete(object);
      }
      return new DeleteResult(current.object(), true);
    }
    var meta = object.getMetadata();
    meta.setFinalizers(finalizers.isEmpty() ? null : finalizers);
    SystemMetadata clock = registry.context().systemMetadata();
    Long previousGrace = meta.getDeletionGracePeriodSeconds();
    if (meta.getDeletionTimestamp() == null || (previousGrace != null && grace < previousGrace)) {
      meta.setDeletionTimestamp(clock.inSeconds(grace));
      meta.setDeletionGracePeriodSeconds(grace);
    }
    if (object instanceof Namespace ns) {
      if (ns.getStatus() == null) {
        ns.setStatus(new NamespaceStatus());
      }
      ns.getStatus().setPhase("Terminating");
    }
    ObjectNode tree = TypedObjects.toTree(object);
    if (options.dryRun()) {
      return new DeleteResult(tree, false);
    }
    return new DeleteResult(registry.storage().update(current.key(), tree, current.resourceVersion()).object(), false);
  }

  /** Seconds a pod keeps running after deletion; 0 for everything else. */
  private static long gracePeriod(HasMetadata object, DeleteOptions options) {
    if (!(object instanceof Pod pod)) {
      return 0;
    }
    boolean onNode = pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (!onNode || "Succeeded".equals(phase) || "Failed".equals(phase)) {
      return 0;
    }
    Long requested = options.gracePeriodSeconds();
    if (requested != null && requested >= 0) {
      return requested;
    }
    Long own = pod.getSpec().getTerminationGracePeriodSeconds();
    return own != null ? own : 30;
  }

  private static void addOnce(List<String> list, String value) {
    if (!list.contains(value)) {
      list.add(value);
    }
  }
}
