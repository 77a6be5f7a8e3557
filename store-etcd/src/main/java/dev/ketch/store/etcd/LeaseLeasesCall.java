package dev.ketch.store.etcd;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's {@code Lease/LeaseLeases} call, which lists the live leases. The generated stubs this
 * module uses predate it, so its descriptor is written here: the request is the empty {@code
 * LeaseLeasesRequest}; of the {@code LeaseLeasesResponse} only the ids are read ({@code leases},
 * field 2, each a {@code LeaseStatus} whose field 1 is the id).
 */
final class LeaseLeasesCall {

  // Protobuf tags: field number shifted left by three, ored with the wire type.
  private static final int LEASES_TAG = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int ID_TAG = (1 << 3) | WireFormat.WIRETYPE_VARINT;

  static final MethodDescriptor<byte[], List<Long>> METHOD =
      MethodDescriptor.<byte[], List<Long>>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(
              MethodDescriptor.generateFullMethodName("etcdserverpb.Lease", "LeaseLeases"))
          .setRequestMarshaller(new EmptyRequest())
          .setResponseMarshaller(new LeaseIds())
          .build();

  static final byte[] REQUEST = new byte[0];

  private LeaseLeasesCall() {}

  private static final class EmptyRequest implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      throw new UnsupportedOperationException("requests are only sent");
    }
  }

  private static final class LeaseIds implements MethodDescriptor.Marshaller<List<Long>> {
    @Override
    public InputStream stream(List<Long> value) {
      throw new UnsupportedOperationException("responses are only received");
    }

    @Override
    public List<Long> parse(InputStream stream) {
      try {
        List<Long> ids = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(stream);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          if (tag == LEASES_TAG) {
            ids.add(leaseId(in.readBytes().newCodedInput()));
          } else {
            in.skipField(tag);
          }
        }
        return List.copyOf(ids);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot parse etcd's lease list", e);
      }
    }

    private static long leaseId(CodedInputStream in) throws IOException {
      long id = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == ID_TAG) {
          id = in.readInt64();
        } else {
          in.skipField(tag);
        }
      }
      return id;
    }
  }
}
