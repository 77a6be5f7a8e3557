package dev.ketch.store.grpc.internal;

import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.Member;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.api.MemberListResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * etcd's {@code Cluster} service for a cluster of one member: this endpoint. Membership changes
 * are not offered and answer {@code Unimplemented}.
 */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {

  private final ServiceContext context;
  private final String memberName;
  private final List<URI> peerUrls;
  private final Supplier<URI> clientUrl;

  /**
   * @param clientUrl the URL clients reach this endpoint at, known once it is bound
   */
  public ClusterService(
      ServiceContext context, String memberName, List<URI> peerUrls, Supplier<URI> clientUrl) {
    this.context = context;
    this.memberName = memberName;
    this.peerUrls = List.copyOf(peerUrls);
    this.clientUrl = clientUrl;
  }

  @Override
  public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> observer) {
    Calls.unary(
        "MemberList",
        observer,
        () -> {
          Member.Builder member =
              Member.newBuilder()
                  .setID(context.headers().memberId())
                  .setName(memberName)
                  .addClientURLs(clientUrl.get().toString());
          peerUrls.forEach(url -> member.addPeerURLs(url.toString()));
          return MemberListResponse.newBuilder()
              .setHeader(context.currentHeader())
              .addMembers(member)
              .build();
        });
  }
}
