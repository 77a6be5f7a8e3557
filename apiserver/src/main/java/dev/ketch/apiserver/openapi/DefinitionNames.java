package dev.ketch.apiserver.openapi;

import java.util.Optional;
import java.util.Set;

/**
 * Names fabric8 model classes the way kube-openapi names the Go types they mirror: the Go import
 * path reversed into dots, then the type name, e.g. {@code io.k8s.api.apps.v1.Deployment} for
 * {@code io.fabric8.kubernetes.api.model.apps.Deployment}.
 *
 * <p>fabric8 puts the core group and most of apimachinery's meta/v1 in one Java package; the meta
 * types are told apart by name. Packages without a version segment ({@code ….apps}, {@code
 * ….rbac}, {@code ….storage}) hold the group's v1. Stateless and thread-safe.
 */
public final class DefinitionNames {

  /** The Java package of fabric8's core group and meta/v1 types. */
  static final String MODEL = "io.fabric8.kubernetes.api.model";

  static final String META_V1 = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  public static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  public static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  public static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
  public static final String TIME = META_V1 + "Time";
  public static final String MICRO_TIME = META_V1 + "MicroTime";
  public static final String DURATION = META_V1 + "Duration";
  public static final String PATCH = META_V1 + "Patch";
  public static final String STATUS = META_V1 + "Status";
  public static final String DELETE_OPTIONS = META_V1 + "DeleteOptions";
  public static final String WATCH_EVENT = META_V1 + "WatchEvent";
  public static final String API_RESOURCE_LIST = META_V1 + "APIResourceList";
  public static final String OBJECT_META = META_V1 + "ObjectMeta";

  /** The classes of fabric8's core package that are apimachinery meta/v1 types. */
  private static final Set<String> META_TYPES =
      Set.of(
          "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition", "CreateOptions",
          "DeleteOptions", "Duration", "FieldSelectorRequirement", "FieldsV1", "GetOptions", "GroupKind",
          "GroupResource", "GroupVersion", "GroupVersionForDiscovery", "GroupVersionKind", "GroupVersionResource",
          "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ListOptions", "ManagedFieldsEntry",
          "MicroTime", "ObjectMeta", "OwnerReference", "PartialObjectMetadata", "PartialObjectMetadataList",
          "Patch", "PatchOptions", "Preconditions", "RootPaths", "ServerAddressByClientCIDR", "Status",
          "StatusCause", "StatusDetails", "Table", "TableColumnDefinition", "TableOptions", "TableRow",
          "TableRowCondition", "Time", "TypeMeta", "UpdateOptions", "WatchEvent");

  private DefinitionNames() {}

  /**
   * The definition name of a fabric8 model class, or empty when the class is not part of the
   * Kubernetes model (and so has no upstream name).
   */
  public static Optional<String> of(Class<?> type) {
    String pkg = type.getPackageName();
    String simple = type.getSimpleName();
    if (type.isMemberClass() || type.isAnonymousClass() || !pkg.startsWith(MODEL)) {
      return Optional.empty();
    }
    if (pkg.equals(MODEL)) {
      return switch (simple) {
        case "IntOrString" -> Optional.of(INT_OR_STRING);
        case "Quantity" -> Optional.of(QUANTITY);
        default -> Optional.of((META_TYPES.contains(simple) ? META_V1 : "io.k8s.api.core.v1.") + simple);
      };
    }
    String rest = pkg.substring(MODEL.length() + 1);
    if (rest.equals("runtime")) {
      return Optional.of("io.k8s.apimachinery.pkg.runtime." + simple);
    }
    String[] parts = rest.split("\\.");
    String group = parts[0];
    String version = parts.length > 1 ? parts[1] : "v1";
    if (parts.length > 2 || !version.matches("v\\d+((alpha|beta)\\d+)?")) {
      return Optional.empty();
    }
    return Optional.of("io.k8s.api." + group + "." + version + "." + simple);
  }
}
