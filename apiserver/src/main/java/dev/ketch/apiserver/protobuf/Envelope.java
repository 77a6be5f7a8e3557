package dev.ketch.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
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
          "provided data does not appear to be a protobuf message, expected prefix " + Arrays.toString(MAGIC));
    }
    if (data.length == MAGIC.length) {
      throw StatusException.badRequest("the request body is empty: it holds only the protobuf prefix");
    }
    Runtime.Unknown unknown;
    try {
      unknown = Runtime.Unknown.parser().parseFrom(data, MAGIC.length, data.length - MAGIC.length);
    } catch (InvalidProtocolBufferException e) {
      throw StatusException.badRequest("the protobuf envelope (runtime.Unknown) is malformed: " + e.getMessage());
    }
    if (!unknown.getContentEncoding().isEmpty()) {
      throw StatusException.of(Reason.UNSUPPORTED_MEDIA_TYPE,
          "the protobuf envelope holds an object with content encoding \"" + unknown.getContentEncoding()
              + "\": only unencoded objects are supported");
    }
    String contentType = unknown.getContentType();
    if (!contentType.isEmpty() && !contentType.equals(PROTOBUF)) {
      throw StatusException.of(Reason.UNSUPPORTED_MEDIA_TYPE,
          "the protobuf envelope holds an object of content type \"" + contentType + "\": only " + PROTOBUF
              + " is supported");
    }
    Runtime.TypeMeta meta = unknown.getTypeMeta();
    if (meta.getKind().isEmpty()) {
      throw StatusException.badRequest("Object 'Kind' is missing in the protobuf envelope");
    }
    if (meta.getApiVersion().isEmpty()) {
      throw StatusException.badRequest("Object 'apiVersion' is missing in the protobuf envelope");
    }
    return new Envelope(meta.getApiVersion(), meta.getKind(), unknown.getRaw());
  }
}
