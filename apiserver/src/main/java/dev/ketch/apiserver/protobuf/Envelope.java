package dev.ketch.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import io.kubernetes.client.proto.Runtime;
import java.util.Arrays;

/**
 * Kubernetes' protobuf wire form of one object: the magic bytes {@code k8s\0}, then a {@code
 * runtime.Unknown} message whose type meta names the object's apiVersion and kind and whose raw
 * bytes are the object's own message.
 *
 * @param apiVersion the object's apiVersion, e.g. {@code apps/v1}
 * @param kind the object's kind, e.g. {@code Deployment}
 * @param raw the object's message
 */
record Envelope(String apiVersion, String kind, ByteString raw) {

  /** {@code k8s} and the encoding style 0, the only one defined. */
  static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  /**
   * runtime.Unknown, read through its descriptor: the generated parsers of client-java-proto
   * predate protobuf 3.21.7 and must not read untrusted bytes (see
   * docs/decisions/protobuf-runtime.md).
   */
  private static final Descriptor UNKNOWN = Runtime.Unknown.getDescriptor();

  /** Whether the bytes start with the magic of the envelope. */
  static boolean hasMagic(byte[] data) {
    return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /**
   * Reads the envelope.
   *
   * @throws StatusException 400 when the bytes are not an envelope or the type meta is missing, 415
   *     when the object inside is compressed or in another format
   */
  static Envelope parse(byte[] data) {
    if (data.length == 0) {
      throw StatusException.badRequest("the request body is empty");
    }
    if (!hasMagic(data)) {
      throw StatusException.badRequest(
          "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
    }
    if (data.length == MAGIC.length) {
      throw StatusException.badRequest("the request body is empty: it holds only the protobuf prefix");
    }
    Message unknown;
    try {
      unknown = DynamicMessage.parseFrom(UNKNOWN, ByteString.copyFrom(data, MAGIC.length, data.length - MAGIC.length));
    } catch (InvalidProtocolBufferException e) {
      throw StatusException.badRequest("the protobuf envelope (runtime.Unknown) is malformed: " + e.getMessage());
    }
    String contentEncoding = text(unknown, "contentEncoding");
    if (!contentEncoding.isEmpty()) {
      throw StatusException.of(Reason.UNSUPPORTED_MEDIA_TYPE,
          "the protobuf envelope holds an object with content encoding \"" + contentEncoding
              + "\": only unencoded objects are supported");
    }
    String contentType = text(unknown, "contentType");
    if (!contentType.isEmpty() && !contentType.equals(PROTOBUF)) {
      throw StatusException.of(Reason.UNSUPPORTED_MEDIA_TYPE,
          "the protobuf envelope holds an object of content type \"" + contentType + "\": only " + PROTOBUF
              + " is supported");
    }
    Message meta = (Message) unknown.getField(UNKNOWN.findFieldByName("typeMeta"));
    String kind = text(meta, "kind");
    String apiVersion = text(meta, "apiVersion");
    if (kind.isEmpty()) {
      throw StatusException.badRequest("Object 'Kind' is missing in the protobuf envelope");
    }
    if (apiVersion.isEmpty()) {
      throw StatusException.badRequest("Object 'apiVersion' is missing in the protobuf envelope");
    }
    return new Envelope(apiVersion, kind, (ByteString) unknown.getField(UNKNOWN.findFieldByName("raw")));
  }

  private static String text(Message message, String field) {
    return (String) message.getField(message.getDescriptorForType().findFieldByName(field));
  }
}
