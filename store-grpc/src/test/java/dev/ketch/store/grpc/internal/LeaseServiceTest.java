package dev.ketch.store.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.store.Bytes;
import dev.ketch.store.LeaseStatus;
import dev.ketch.store.StoreException;
import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseRevokeRequest;
import io.etcd.jetcd.api.LeaseTimeToLiveRequest;
import io.etcd.jetcd.api.LeaseTimeToLiveResponse;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseServiceTest {

  private final RecordingStore store = new RecordingStore();
  private final LeaseService service =
      new LeaseService(new ServiceContext(store, new ResponseHeaders(1, 2, 3), 128));

  @Test
  void grantPassesTheIdAndRefusesTooLongLeasesAsEtcd() {
    var granted = new Responses<io.etcd.jetcd.api.LeaseGrantResponse>();
    service.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(60).setID(5).build(), granted);
    assertThat(granted.single().getID()).isEqualTo(5);
    assertThat(granted.single().getTTL()).isEqualTo(60);
    assertThat(store.calls).containsExactly(new RecordingStore.Grant(60, 5));

    var tooLong = new Responses<io.etcd.jetcd.api.LeaseGrantResponse>();
    service.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(9_000_000_001L).build(), tooLong);
    assertThat(tooLong.error.getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(tooLong.error.getDescription()).isEqualTo("etcdserver: too large lease TTL");
  }

  @Test
  void revokingAMissingLeaseIsNotFound() {
    store.failWith(new StoreException.LeaseNotFoundException());
    var responses = new Responses<io.etcd.jetcd.api.LeaseRevokeResponse>();
    service.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(8).build(), responses);
    assertThat(responses.error.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(responses.error.getDescription()).isEqualTo("etcdserver: requested lease not found");
  }

  @Test
  void timeToLiveOfALiveAndAMissingLease() {
    store.answer(r -> new LeaseStatus(4, 20, 30, List.of(Bytes.of("a"), Bytes.of("b"))));
    var live = new Responses<LeaseTimeToLiveResponse>();
    service.leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(4).setKeys(true).build(), live);
    assertThat(store.calls).containsExactly(new RecordingStore.TimeToLive(4, true));
    assertThat(live.single().getTTL()).isEqualTo(20);
    assertThat(live.single().getGrantedTTL()).isEqualTo(30);
    assertThat(live.single().getKeysList()).extracting(k -> k.toStringUtf8()).containsExactly("a", "b");

    store.answer(r -> null);
    var missing = new Responses<LeaseTimeToLiveResponse>();
    service.leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(9).build(), missing);
    assertThat(missing.single().getTTL()).isEqualTo(-1);
    assertThat(missing.single().getID()).isEqualTo(9);
  }

  @Test
  void keepAliveAnswersAMissingLeaseWithTtlZeroAndGoesOn() {
    var responses = new Responses<LeaseKeepAliveResponse>();
    var requests = service.leaseKeepAlive(responses);
    requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(1).build());
    store.failWith(new StoreException.LeaseNotFoundException());
    requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(2).build());
    requests.onCompleted();
    assertThat(responses.values).extracting(LeaseKeepAliveResponse::getID, LeaseKeepAliveResponse::getTTL)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 10L), org.assertj.core.groups.Tuple.tuple(2L, 0L));
    assertThat(responses.completed).isTrue();
    assertThat(responses.values.getFirst().getHeader().getMemberId()).isEqualTo(2);
  }

  @Test
  void leaseListEncodingRoundTrips() throws Exception {
    var response =
        new LeaseLeases.Response(new ResponseHeaders(1, 2, 3).at(7), List.of(5L, Long.MAX_VALUE, 1L));
    assertThat(LeaseLeases.decode(LeaseLeases.encode(response))).isEqualTo(response);
    var empty = new LeaseLeases.Response(new ResponseHeaders(1, 2, 3).at(7), List.of());
    assertThat(LeaseLeases.decode(LeaseLeases.encode(empty))).isEqualTo(empty);
  }
}
