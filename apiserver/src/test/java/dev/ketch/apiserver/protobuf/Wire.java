package dev.ketch.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;

/** Builds protobuf bodies as Kubernetes clients send them, for tests. */
final class Wire {

  private Wire() {}

  /** The envelope: {@code k8s\0} and a runtime.Unknown around the object's message. */
  static byte[] envelope(String apiVersion, String kind, Message object) {
    return envelope(apiVersion, kind, object.toByteString());
  }

  static byte[] envelope(String apiVersion, String kind, ByteString raw) {
    return withMagic(Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(raw)
        .build());
  }

  static byte[] withMagic(Runtime.Unknown unknown) {
    byte[] message = unknown.toByteArray();
    byte[] out = new byte[Envelope.MAGIC.length + message.length];
    System.arraycopy(Envelope.MAGIC, 0, out, 0, Envelope.MAGIC.length);
    System.arraycopy(message, 0, out, Envelope.MAGIC.length, message.length);
    return out;
  }

  static Meta.ObjectMeta.Builder meta(String name) {
    return Meta.ObjectMeta.newBuilder().setName(name);
  }
}
