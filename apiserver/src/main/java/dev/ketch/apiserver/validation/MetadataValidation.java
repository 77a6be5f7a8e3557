package dev.ketch.apiserver.validation;

import dev.ketch.apiserver.errors.Cause;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Validation of {@code metadata} common to every resource, as Kubernetes' ValidateObjectMeta and
 * ValidateObjectMetaUpdate: the name in the resource's format, the namespace, labels,
 * annotations (256 KiB in total), and the fields an update may not change.
 */
public final class MetadataValidation {

  /** The most bytes all annotations of an object may take. */
  public static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

  private MetadataValidation() {}

  /**
   * @param nameRule the format names of this resource must have (e.g. {@link
   *     Names#dns1123Subdomain})
   * @param namespaced whether the resource is namespaced
   */
  public static List<Cause> validate(ObjectMeta meta, boolean namespaced, Function<String, List<String>> nameRule) {
    List<Cause> causes = new ArrayList<>();
    String name = meta.getName();
    if (name == null || name.isEmpty()) {
      if (meta.getGenerateName() == null || meta.getGenerateName().isEmpty()) {
        causes.add(new Cause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name"));
      }
    } else {
      for (String e : nameRule.apply(name)) {
        causes.add(Cause.invalid("metadata.name", name, e));
      }
    }
    String ns = meta.getNamespace();
    if (namespaced) {
      if (ns == null || ns.isEmpty()) {
        causes.add(Cause.required("metadata.namespace"));
      } else {
        for (String e : Names.dns1123Label(ns)) {
          causes.add(Cause.invalid("metadata.namespace", ns, e));
        }
      }
    } else if (ns != null && !ns.isEmpty()) {
      causes.add(Cause.forbidden("metadata.namespace", "not allowed on this type"));
    }
    causes.addAll(labels(meta.getLabels(), "metadata.labels"));
    causes.addAll(annotations(meta.getAnnotations(), "metadata.annotations"));
    return causes;
  }

  public static List<Cause> labels(Map<String, String> labels, String path) {
    List<Cause> causes = new ArrayList<>();
    if (labels == null) {
      return causes;
    }
    labels.forEach((k, v) -> {
      for (String e : Names.qualifiedName(k)) {
        causes.add(Cause.invalid(path, k, e));
      }
      for (String e : Names.labelValue(v == null ? "" : v)) {
        causes.add(Cause.invalid(path, v, e));
      }
    });
    return causes;
  }

  public static List<Cause> annotations(Map<String, String> annotations, String path) {
    List<Cause> causes = new ArrayList<>();
    if (annotations == null) {
      return causes;
    }
    long total = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      for (String err : Names.qualifiedName(e.getKey().toLowerCase())) {
        causes.add(Cause.invalid(path, e.getKey(), err));
      }
      total += e.getKey().getBytes(StandardCharsets.UTF_8).length;
      total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > ANNOTATIONS_MAX_BYTES) {
      causes.add(new Cause("FieldValueTooLong", "Too long: must have at most " + ANNOTATIONS_MAX_BYTES + " bytes", path));
    }
    return causes;
  }

  /** The metadata fields an update may not change. */
  public static List<Cause> validateUpdate(ObjectMeta meta, ObjectMeta old) {
    List<Cause> causes = new ArrayList<>();
    immutable(causes, "metadata.name", meta.getName(), old.getName());
    immutable(causes, "metadata.namespace", meta.getNamespace(), old.getNamespace());
    immutable(causes, "metadata.uid", meta.getUid(), old.getUid());
    immutable(causes, "metadata.creationTimestamp", meta.getCreationTimestamp(), old.getCreationTimestamp());
    return causes;
  }

  private static void immutable(List<Cause> causes, String path, Object now, Object before) {
    if (!Objects.equals(now, before)) {
      causes.add(new Cause("FieldValueInvalid", "Invalid value: " + quote(now) + ": field is immutable", path));
    }
  }

  private static String quote(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }
}
