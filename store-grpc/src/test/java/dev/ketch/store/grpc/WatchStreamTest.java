package dev.ketch.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.ketch.store.PutRequest;
import dev.ketch.store.TxnRequest;
import dev.ketch.store.embedded.EmbeddedStore;
import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchCancelRequest;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchProgressRequest;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** etcd's watch stream spoken directly: several watches per stream, as etcd's own client does. */
class WatchStreamTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private EmbeddedStore store;
  private EtcdEndpoint endpoint;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    store = EmbeddedStore.inMemory();
    endpoint =
        EtcdEndpoint.start(
            store,
            EtcdEndpointConfig.loopback().withProgressNotifyInterval(Duration.ofMillis(200)));
    channel = NettyChannelBuilder.forAddress(endpoint.address()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    endpoint.close();
    store.close();
  }

  @Test
  void severalWatchesOnOneStream() throws Exception {
    var stream = new Stream();
    stream.send(create("a").build());
    stream.send(create("/p/").setRangeEnd(bytes("/p0")).build());
    stream.send(create("a").setPrevKv(true).build());
    for (long id = 0; id < 3; id++) {
      WatchResponse created = stream.next();
      assertThat(created.getCreated()).isTrue();
      assertThat(created.getWatchId()).isEqualTo(id);
      assertThat(created.getHeader().getMemberId()).isEqualTo(endpoint.config().memberId());
    }

    store.put(PutRequest.of("a", "1"));
    store.txn(
        new TxnRequest(
            List.of(), List.of(PutRequest.of("/p/1", "x"), PutRequest.of("/p/2", "y")), List.of()));
    store.put(PutRequest.of("a", "2"));

    List<WatchResponse> responses = stream.next(5);
    assertThat(forWatch(responses, 0)).extracting(WatchStreamTest::describe)
        .containsExactly("PUT a=1", "PUT a=2");
    assertThat(forWatch(responses, 2)).extracting(WatchStreamTest::describe)
        .containsExactly("PUT a=1", "PUT a=2 prev=1");
    // Both keys of the transaction share a revision, so they come in one response.
    assertThat(forWatch(responses, 1)).extracting(WatchStreamTest::describe)
        .containsExactly("PUT /p/1=x PUT /p/2=y");
    for (WatchResponse r : responses) {
      assertThat(r.getHeader().getRevision()).isEqualTo(r.getEvents(0).getKv().getModRevision());
    }
  }

  @Test
  void cancelStopsOneWatchOnly() throws Exception {
    var stream = new Stream();
    stream.send(create("a").build());
    stream.send(create("a").build());
    stream.next(2);
    stream.send(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(0)).build());
    WatchResponse canceled = stream.next();
    assertThat(canceled.getCanceled()).isTrue();
    assertThat(canceled.getWatchId()).isZero();

    store.put(PutRequest.of("a", "1"));
    WatchResponse event = stream.next();
    assertThat(event.getWatchId()).isEqualTo(1);
    assertThat(stream.poll(Duration.ofMillis(200))).isNull();
  }

  @Test
  void progressRequestAnswersWithTheRevisionForAllWatches() throws Exception {
    var stream = new Stream();
    stream.send(create("a").build());
    stream.send(create("b").build());
    stream.next(2);
    store.put(PutRequest.of("c", "unwatched"));
    long revision = store.status().revision();

    stream.send(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
    WatchResponse progress = stream.next();
    assertThat(progress.getWatchId()).isEqualTo(-1);
    assertThat(progress.getEventsCount()).isZero();
    assertThat(progress.getCreated()).isFalse();
    assertThat(progress.getCanceled()).isFalse();
    assertThat(progress.getHeader().getRevision()).isEqualTo(revision);
  }

  @Test
  void progressNotifyAfterAQuietInterval() throws Exception {
    var stream = new Stream();
    stream.send(create("quiet").setProgressNotify(true).build());
    stream.next();
    long revision = store.status().revision();
    WatchResponse progress = stream.next();
    assertThat(progress.getWatchId()).isZero();
    assertThat(progress.getEventsCount()).isZero();
    assertThat(progress.getHeader().getRevision()).isEqualTo(revision);
  }

  @Test
  void aWatchFromACompactedRevisionIsCreatedThenCancelled() throws Exception {
    store.put(PutRequest.of("k", "1"));
    store.put(PutRequest.of("k", "2"));
    long compacted = store.status().revision();
    store.compact(compacted);

    var stream = new Stream();
    stream.send(create("k").setStartRevision(1).build());
    assertThat(stream.next().getCreated()).isTrue();
    WatchResponse canceled = stream.next();
    assertThat(canceled.getCanceled()).isTrue();
    assertThat(canceled.getWatchId()).isZero();
    assertThat(canceled.getCompactRevision()).isEqualTo(compacted);

    // The stream goes on for other watches.
    stream.send(create("k").build());
    assertThat(stream.next().getWatchId()).isEqualTo(1);
  }

  @Test
  void clientChosenIdsAndRefusals() throws Exception {
    var stream = new Stream();
    stream.send(withWatchId(create("a"), 42));
    WatchResponse created = stream.next();
    assertThat(created.getWatchId()).isEqualTo(42);

    stream.send(withWatchId(create("b"), 42));
    WatchResponse duplicate = stream.next();
    assertThat(duplicate.getCreated()).isTrue();
    assertThat(duplicate.getCanceled()).isTrue();
    assertThat(duplicate.getWatchId()).isEqualTo(-1);
    assertThat(duplicate.getCancelReason()).isEqualTo("mvcc: duplicate watch ID provided on the WatchStream");

    stream.send(create("a").setStartRevision(-1).build());
    WatchResponse negative = stream.next();
    assertThat(negative.getCanceled()).isTrue();
    assertThat(negative.getCancelReason()).isEqualTo("etcdserver: mvcc: required revision has been compacted");

    // A request with nothing in it is ignored, as etcd does.
    stream.send(WatchRequest.getDefaultInstance());
    stream.send(create("c").build());
    assertThat(stream.next().getWatchId()).isZero();
  }

  @Test
  void halfCloseEndsTheStreamCleanly() throws Exception {
    var stream = new Stream();
    stream.send(create("a").build());
    stream.next();
    stream.requests.onCompleted();
    assertThat(stream.done.get(WAIT.toSeconds(), TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> endpoint.watchCount() == 0);
  }

  @Test
  void aClientThatDoesNotReadDoesNotHoldBackOthers() throws Exception {
    var slow = new Stream(true);
    slow.send(create("big").build());
    var fast = new Stream();
    fast.send(create("small").build());
    fast.next();

    String value = "x".repeat(64 * 1024);
    for (int i = 0; i < 100; i++) {
      store.put(PutRequest.of("big", value));
      store.put(PutRequest.of("small", Integer.toString(i)));
      WatchResponse r = fast.next();
      assertThat(describe(r)).isEqualTo("PUT small=" + i);
    }
    // Tens of megabytes went to the slow client's watch; it has read none of them.
    assertThat(slow.responses).isEmpty();
    slow.requests.onError(Status.CANCELLED.asException());
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> endpoint.watchCount() == 1);
  }

  private static WatchCreateRequest.Builder create(String key) {
    return WatchCreateRequest.newBuilder().setKey(bytes(key));
  }

  private static WatchRequest withWatchId(WatchCreateRequest.Builder create, long id) {
    // etcd's watch_id field (7) is not in jetcd's copy of the protocol.
    create.setUnknownFields(
        UnknownFieldSet.newBuilder()
            .addField(7, UnknownFieldSet.Field.newBuilder().addVarint(id).build())
            .build());
    return WatchRequest.newBuilder().setCreateRequest(create).build();
  }

  private static ByteString bytes(String text) {
    return ByteString.copyFromUtf8(text);
  }

  private static List<WatchResponse> forWatch(List<WatchResponse> responses, long id) {
    return responses.stream().filter(r -> r.getWatchId() == id).toList();
  }

  private static String describe(WatchResponse response) {
    List<String> parts = new ArrayList<>();
    for (Event e : response.getEventsList()) {
      String text = e.getType() + " " + e.getKv().getKey().toStringUtf8();
      if (e.getType() == Event.EventType.PUT) {
        text += "=" + e.getKv().getValue().toStringUtf8();
      }
      if (e.hasPrevKv()) {
        text += " prev=" + e.getPrevKv().getValue().toString(StandardCharsets.UTF_8);
      }
      parts.add(text);
    }
    return String.join(" ", parts);
  }

  /** One watch stream, recording what the server sends. */
  private final class Stream implements ClientResponseObserver<WatchRequest, WatchResponse> {
    final BlockingQueue<WatchResponse> responses = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> done = new CompletableFuture<>();
    final StreamObserver<WatchRequest> requests;
    private final boolean neverRead;

    Stream() {
      this(false);
    }

    Stream(boolean neverRead) {
      this.neverRead = neverRead;
      this.requests = WatchGrpc.newStub(channel).watch(this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> stream) {
      if (neverRead) {
        stream.disableAutoRequestWithInitial(0);
      }
    }

    void send(WatchRequest request) {
      requests.onNext(request);
    }

    void send(WatchCreateRequest create) {
      send(WatchRequest.newBuilder().setCreateRequest(create).build());
    }

    WatchResponse next() throws InterruptedException {
      WatchResponse r = poll(WAIT);
      assertThat(r).as("a watch response").isNotNull();
      return r;
    }

    List<WatchResponse> next(int count) throws InterruptedException {
      List<WatchResponse> result = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        result.add(next());
      }
      return result;
    }

    WatchResponse poll(Duration timeout) throws InterruptedException {
      return responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onNext(WatchResponse value) {
      responses.add(value);
    }

    @Override
    public void onError(Throwable t) {
      done.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      done.complete(Status.OK);
    }
  }
}
