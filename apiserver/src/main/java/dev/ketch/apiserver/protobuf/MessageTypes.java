package dev.ketch.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Flowcontrol;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Node;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V1beta1Authentication;
import io.kubernetes.client.proto.V2Autoscaling;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The protobuf message of a kind: each stable group version maps to the generated file of
 * client-java-proto that holds its messages, and a kind is the top-level message of that name.
 * The option kinds every group version carries (DeleteOptions, CreateOptions, …) are
 * apimachinery's. A file's descriptors are built the first time one of its kinds is asked for.
 * Thread-safe.
 */
final class MessageTypes {

  /** The kinds that metav1.AddToGroupVersion registers in every group version. */
  static final Set<String> OPTION_KINDS =
      Set.of("DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "GetOptions", "ListOptions");

  static final String META_V1 = "meta.k8s.io/v1";

  private static final Map<String, Supplier<FileDescriptor>> FILES = Map.ofEntries(
      Map.entry("v1", V1::getDescriptor),
      Map.entry("apps/v1", V1Apps::getDescriptor),
      Map.entry("batch/v1", V1Batch::getDescriptor),
      Map.entry("autoscaling/v1", V1Autoscaling::getDescriptor),
      Map.entry("autoscaling/v2", V2Autoscaling::getDescriptor),
      Map.entry("policy/v1", V1Policy::getDescriptor),
      Map.entry("networking.k8s.io/v1", V1Networking::getDescriptor),
      Map.entry("rbac.authorization.k8s.io/v1", V1Rbac::getDescriptor),
      Map.entry("scheduling.k8s.io/v1", V1Scheduling::getDescriptor),
      Map.entry("storage.k8s.io/v1", V1Storage::getDescriptor),
      Map.entry("coordination.k8s.io/v1", V1Coordination::getDescriptor),
      Map.entry("discovery.k8s.io/v1", V1Discovery::getDescriptor),
      Map.entry("events.k8s.io/v1", V1Events::getDescriptor),
      Map.entry("node.k8s.io/v1", V1Node::getDescriptor),
      Map.entry("authentication.k8s.io/v1", V1Authentication::getDescriptor),
      Map.entry("authentication.k8s.io/v1beta1", V1beta1Authentication::getDescriptor),
      Map.entry("authorization.k8s.io/v1", V1Authorization::getDescriptor),
      Map.entry("certificates.k8s.io/v1", V1Certificates::getDescriptor),
      Map.entry("admissionregistration.k8s.io/v1", V1Admissionregistration::getDescriptor),
      Map.entry("flowcontrol.apiserver.k8s.io/v1", V1Flowcontrol::getDescriptor),
      Map.entry(META_V1, Meta::getDescriptor));

  private MessageTypes() {}

  /** The group versions whose messages are known, as apiVersion strings. */
  static Set<String> apiVersions() {
    return FILES.keySet();
  }

  /** The message of an object of this apiVersion and kind, if there is one. */
  static Optional<Descriptor> of(String apiVersion, String kind) {
    Supplier<FileDescriptor> file = FILES.get(apiVersion);
    if (file == null) {
      return Optional.empty();
    }
    if (OPTION_KINDS.contains(kind)) {
      return Optional.ofNullable(Meta.getDescriptor().findMessageTypeByName(kind));
    }
    return Optional.ofNullable(file.get().findMessageTypeByName(kind));
  }
}
