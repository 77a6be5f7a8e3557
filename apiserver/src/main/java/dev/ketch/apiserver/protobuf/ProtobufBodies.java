package dev.ketch.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.ketch.apiserver.endpoints.ApiRouter;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.resource.Subresource;
import java.util.HashSet;
import java.util.Set;

/**
 * Request bodies in Kubernetes' protobuf encoding ({@code application/vnd.kubernetes.protobuf},
 * which kubectl 1.32 and later send for built-in kinds) decoded into the JSON object the client
 * would have sent as JSON, so that the rest of the server cannot tell the difference.
 *
 * <p>A body is the {@link Envelope}: the magic {@code k8s\0} and a runtime.Unknown naming the
 * apiVersion and kind of the object inside. The kinds accepted are those of the catalog's
 * resources, of their subresources' bodies (Scale, Eviction, Binding) and DeleteOptions; the
 * object is read with the client-java-proto schema of its group version and written as JSON by
 * {@link MessageJson}. As kube-apiserver, a body it cannot read is a 400 BadRequest (415 for an
 * encoding inside the envelope it does not speak), and fields the schema does not know are
 * dropped. Immutable and thread-safe.
 */
public final class ProtobufBodies implements ApiRouter.ProtobufBodies {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Set<String> accepted;
  private final MessageJson json;

  /** Accepts the kinds of the catalog's resources and subresources, and DeleteOptions. */
  public ProtobufBodies(ResourceCatalog catalog) {
    this(acceptedKinds(catalog), GoFields.builtIn());
  }

  ProtobufBodies(Set<String> accepted, GoFields goFields) {
    this.accepted = Set.copyOf(accepted);
    this.json = new MessageJson(goFields, this::nested);
  }

  /** "apps/v1|Deployment" and the like: what a body may hold. */
  static Set<String> acceptedKinds(ResourceCatalog catalog) {
    Set<String> kinds = new HashSet<>();
    Set<GroupVersion> versions = new HashSet<>();
    for (ResourceType type : catalog.all()) {
      kinds.add(key(type.apiVersion(), type.kind()));
      versions.add(type.groupVersion());
      for (Subresource sub : type.subresources()) {
        GroupVersion gv = sub.groupVersion() != null ? sub.groupVersion() : type.groupVersion();
        kinds.add(key(gv.apiVersion(), sub.kind()));
        versions.add(gv);
      }
    }
    for (GroupVersion gv : versions) {
      kinds.add(key(gv.apiVersion(), "DeleteOptions"));
    }
    kinds.add(key(MessageTypes.META_V1, "DeleteOptions"));
    return kinds;
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "|" + kind;
  }

  /**
   * The object in a protobuf request body as JSON, {@code kind} and {@code apiVersion} first.
   *
   * @throws StatusException 400 when the body is not an envelope, names a kind this server does
   *     not take, or its message is malformed; 415 when the object inside is encoded otherwise
   */
  @Override
  public ObjectNode decode(byte[] body) {
    Envelope envelope = Envelope.parse(body);
    if (!accepted.contains(key(envelope.apiVersion(), envelope.kind()))) {
      throw notRegistered(envelope);
    }
    return toJson(envelope);
  }

  /** An object inside a RawExtension: any kind with a known message. */
  private ObjectNode nested(byte[] data) {
    return toJson(Envelope.parse(data));
  }

  private ObjectNode toJson(Envelope envelope) {
    Descriptor type = MessageTypes.of(envelope.apiVersion(), envelope.kind()).orElseThrow(() -> notRegistered(envelope));
    Message message;
    try {
      // Through the descriptor, never the generated parsers, which predate protobuf 3.21.7. The
      // schema is proto2 without required fields: partial parsing only spares a check.
      message = DynamicMessage.getDefaultInstance(type).getParserForType().parsePartialFrom(envelope.raw());
    } catch (InvalidProtocolBufferException e) {
      throw StatusException.badRequest(
          "unable to decode the protobuf body as " + envelope.kind() + " in version \"" + envelope.apiVersion() + "\": "
              + e.getMessage());
    }
    ObjectNode out = NODES.objectNode();
    out.put("kind", envelope.kind());
    out.put("apiVersion", envelope.apiVersion());
    out.setAll(json.object(message));
    return out;
  }

  private static StatusException notRegistered(Envelope envelope) {
    return StatusException.badRequest(
        "no kind \"" + envelope.kind() + "\" is registered for version \"" + envelope.apiVersion() + "\"");
  }
}
