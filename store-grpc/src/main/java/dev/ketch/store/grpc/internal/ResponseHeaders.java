package dev.ketch.store.grpc.internal;

import io.etcd.jetcd.api.ResponseHeader;

/**
 * Makes the header every etcd response carries: the cluster and member this endpoint stands for,
 * the store revision and the raft term. Immutable and thread-safe.
 *
 * @param clusterId the cluster id, an unsigned 64-bit number
 * @param memberId the member id, an unsigned 64-bit number
 * @param raftTerm the raft term reported; a single member never changes term
 */
public record ResponseHeaders(long clusterId, long memberId, long raftTerm) {

  /** A full header at {@code revision}. */
  public ResponseHeader at(long revision) {
    return ResponseHeader.newBuilder()
        .setClusterId(clusterId)
        .setMemberId(memberId)
        .setRevision(revision)
        .setRaftTerm(raftTerm)
        .build();
  }

  /** The header etcd gives the responses nested in a transaction: the revision alone. */
  public static ResponseHeader nested(long revision) {
    return ResponseHeader.newBuilder().setRevision(revision).build();
  }
}
