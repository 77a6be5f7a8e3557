package dev.ketch.store.grpc.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.etcd.jetcd.api.ResponseHeader;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's {@code Lease/LeaseLeases} call ({@code etcdctl lease list}), which jetcd's copy of the
 * protocol lacks. Its messages are small enough to encode by hand:
 *
 * <pre>
 * message LeaseLeasesRequest {}
 * message LeaseStatus { int64 ID = 1; }
 * message LeaseLeasesResponse { ResponseHeader header = 1; repeated LeaseStatus leases = 2; }
 * </pre>
 */
public final class LeaseLeases {

  /** The request carries nothing; unknown fields in it are skipped. */
  public record Request() {}

  /**
   * @param header the response header
   * @param ids the ids of the live leases
   */
  public record Response(ResponseHeader header, List<Long> ids) {
    public Response {
      ids = List.copyOf(ids);
    }
  }

  public static final MethodDescriptor<Request, Response> METHOD =
      MethodDescriptor.<Request, Response>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("etcdserverpb.Lease", "LeaseLeases"))
          .setRequestMarshaller(new RequestMarshaller())
          .setResponseMarshaller(new ResponseMarshaller())
          .build();

  private static final int HEADER_FIELD = 1;
  private static final int LEASES_FIELD = 2;
  private static final int ID_FIELD = 1;

  private LeaseLeases() {}

  private static final class RequestMarshaller implements MethodDescriptor.Marshaller<Request> {
    @Override
    public InputStream stream(Request value) {
      return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public Request parse(InputStream stream) {
      try {
        stream.readAllBytes();
        return new Request();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class ResponseMarshaller implements MethodDescriptor.Marshaller<Response> {
    @Override
    public InputStream stream(Response value) {
      return new ByteArrayInputStream(encode(value));
    }

    @Override
    public Response parse(InputStream stream) {
      try {
        return decode(stream.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static byte[] encode(Response response) {
    try {
      var buffer = new java.io.ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(buffer);
      out.writeMessage(HEADER_FIELD, response.header());
      for (long id : response.ids()) {
        out.writeTag(LEASES_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(CodedOutputStream.computeInt64Size(ID_FIELD, id));
        out.writeInt64(ID_FIELD, id);
      }
      out.flush();
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Response decode(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    ResponseHeader header = ResponseHeader.getDefaultInstance();
    List<Long> ids = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case HEADER_FIELD -> header = ResponseHeader.parseFrom(in.readBytes());
        case LEASES_FIELD -> {
          CodedInputStream status = in.readBytes().newCodedInput();
          long id = 0;
          for (int t = status.readTag(); t != 0; t = status.readTag()) {
            if (WireFormat.getTagFieldNumber(t) == ID_FIELD) {
              id = status.readInt64();
            } else {
              status.skipField(t);
            }
          }
          ids.add(id);
        }
        default -> in.skipField(tag);
      }
    }
    return new Response(header, ids);
  }
}
