package dev.ketch.store.grpc.internal;

import dev.ketch.store.StoreStatus;
import io.etcd.jetcd.api.AlarmRequest;
import io.etcd.jetcd.api.AlarmResponse;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.regex.Pattern;

/**
 * etcd's {@code Maintenance} service: the member's status, and an alarm list that is always empty.
 * Defragmentation, hashes, snapshots and leader moves are not offered and answer {@code
 * Unimplemented}.
 */
public final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {

  private static final Pattern ETCD_VERSION = Pattern.compile("\\d+\\.\\d+([.+-].*)?");

  private final ServiceContext context;
  private final String defaultVersion;

  /**
   * @param defaultVersion the etcd version reported when the store's own version is not one
   */
  public MaintenanceService(ServiceContext context, String defaultVersion) {
    this.context = context;
    this.defaultVersion = defaultVersion;
  }

  /**
   * A single member is its own leader; its raft index is the store revision, which grows with every
   * write as a raft index would.
   */
  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
    Calls.unary(
        "Status",
        observer,
        () -> {
          StoreStatus status = context.store().status();
          ResponseHeaders headers = context.headers();
          return StatusResponse.newBuilder()
              .setHeader(headers.at(status.revision()))
              .setVersion(version(status.version()))
              .setDbSize(status.dbSizeBytes())
              .setDbSizeInUse(status.dbSizeInUseBytes())
              .setLeader(headers.memberId())
              .setRaftIndex(status.revision())
              .setRaftAppliedIndex(status.revision())
              .setRaftTerm(headers.raftTerm())
              .build();
        });
  }

  /** No alarm is ever raised; activating or clearing one is not offered. */
  @Override
  public void alarm(AlarmRequest request, StreamObserver<AlarmResponse> observer) {
    if (request.getAction() != AlarmRequest.AlarmAction.GET) {
      observer.onError(
          Status.UNIMPLEMENTED.withDescription("alarms cannot be raised or cleared").asException());
      return;
    }
    Calls.unary(
        "Alarm",
        observer,
        () -> AlarmResponse.newBuilder().setHeader(context.currentHeader()).build());
  }

  /**
   * Clients compare the version with etcd releases, so a store version that is not shaped like one
   * is replaced with the etcd version this endpoint speaks.
   */
  private String version(String storeVersion) {
    return storeVersion != null && ETCD_VERSION.matcher(storeVersion).matches()
        ? storeVersion
        : defaultVersion;
  }
}
