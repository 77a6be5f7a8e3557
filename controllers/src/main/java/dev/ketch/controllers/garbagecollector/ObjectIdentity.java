package dev.ketch.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Objects;

/**
 * Who an object is: the coordinates an owner reference uses, plus the namespace. The uid decides;
 * the coordinates say where to look the object up.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind e.g. {@code ReplicaSet}
 * @param namespace the namespace, empty for cluster-scoped objects (and, for an owner known only
 *     from a reference, the namespace of the dependent that refers to it)
 * @param name the name
 * @param uid the uid
 */
record ObjectIdentity(String apiVersion, String kind, String namespace, String name, String uid) {

  ObjectIdentity {
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(uid, "uid");
  }

  /** The owner {@code ref} points at, looked up from a dependent in {@code dependentNamespace}. */
  static ObjectIdentity ofOwner(OwnerReference ref, String dependentNamespace) {
    return new ObjectIdentity(ref.getApiVersion(), ref.getKind(), dependentNamespace, ref.getName(), ref.getUid());
  }

  /** Whether {@code ref} names this object by the same apiVersion, kind, name and uid. */
  boolean matches(OwnerReference ref) {
    return uid.equals(ref.getUid()) && Objects.equals(apiVersion, ref.getApiVersion())
        && Objects.equals(kind, ref.getKind()) && Objects.equals(name, ref.getName());
  }

  /** The same coordinates in another namespace. */
  ObjectIdentity inNamespace(String ns) {
    return new ObjectIdentity(apiVersion, kind, ns, name, uid);
  }

  @Override
  public String toString() {
    return "[" + apiVersion + "/" + kind + ", namespace: " + namespace + ", name: " + name + ", uid: " + uid + "]";
  }
}
