package dev.ketch.apiserver.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the server knows about one kind of object before it knows any object: where it lives
 * in the API, how discovery describes it, which model class holds it.
 *
 * @param groupVersion its group and version
 * @param kind the kind, e.g. Deployment
 * @param plural the resource name in URLs, e.g. deployments
 * @param singular the singular name, e.g. deployment
 * @param namespaced whether objects live in namespaces
 * @param shortNames abbreviations kubectl expands, e.g. deploy
 * @param categories groups kubectl can ask for at once, e.g. all
 * @param verbs the verbs the resource supports
 * @param subresources its subresources
 * @param modelClass the fabric8 class of one object
 * @param listClass the fabric8 class of a list of them; null for resources that are never stored
 *     (create-only reviews)
 */
public record ResourceType(
    GroupVersion groupVersion,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> verbs,
    List<Subresource> subresources,
    Class<? extends HasMetadata> modelClass,
    Class<? extends KubernetesResource> listClass) {

  /** The verbs of an ordinary resource. */
  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  public ResourceType {
    Objects.requireNonNull(groupVersion, "groupVersion");
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    verbs = List.copyOf(verbs);
    subresources = List.copyOf(subresources);
  }

  public String group() {
    return groupVersion.group();
  }

  public String apiVersion() {
    return groupVersion.apiVersion();
  }

  /** The verbs of a review: created and answered at once, never stored. */
  public static final List<String> CREATE_ONLY = List.of("create");

  /**
   * Whether objects of this resource are kept; reviews (SelfSubjectAccessReview and the like) are
   * answered from the request and never stored.
   */
  public boolean stored() {
    return verbs.contains("get");
  }

  public String listKind() {
    return kind + "List";
  }

  /** "deployments.apps", or "pods" in the core group: how errors name the resource. */
  public String qualifiedName() {
    return group().isEmpty() ? plural : plural + "." + group();
  }

  public Optional<Subresource> subresource(String name) {
    return subresources.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public boolean hasSubresource(String name) {
    return subresource(name).isPresent();
  }

  @Override
  public String toString() {
    return qualifiedName() + "/" + groupVersion.version();
  }
}
