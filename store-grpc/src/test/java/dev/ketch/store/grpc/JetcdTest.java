package dev.ketch.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.store.embedded.EmbeddedStore;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jetcd, etcd's Java client, against the endpoint over an embedded store. */
class JetcdTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private EmbeddedStore store;
  private EtcdEndpoint endpoint;
  private Client client;

  @BeforeEach
  void start() {
    store = EmbeddedStore.inMemory();
    endpoint = EtcdEndpoint.start(store, EtcdEndpointConfig.loopback());
    client = Client.builder().endpoints(endpoint.clientUrl()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    endpoint.close();
    store.close();
  }

  @Test
  void severalWatchesSeeTheirOwnEvents() throws Exception {
    var prefix = new Events();
    var single = new Events();
    var deletesOnly = new Events();
    try (Watch.Watcher _ = client.getWatchClient().watch(bytes("/w/"), prefixOption().build(), prefix);
        Watch.Watcher _ =
            client.getWatchClient().watch(bytes("/w/1"), WatchOption.builder().withPrevKV(true).build(), single);
        Watch.Watcher _ =
            client
                .getWatchClient()
                .watch(bytes("/w/"), prefixOption().withNoPut(true).build(), deletesOnly)) {
      await().atMost(WAIT).until(() -> endpoint.watchCount() == 3);
      put("/w/1", "a");
      put("/w/2", "b");
      put("/w/1", "c");
      client.getKVClient().delete(bytes("/w/"), DeleteOption.builder().isPrefix(true).build()).get();

      assertThat(prefix.next(5))
          .containsExactly("PUT /w/1=a", "PUT /w/2=b", "PUT /w/1=c", "DELETE /w/1", "DELETE /w/2");
      assertThat(single.next(3))
          .containsExactly("PUT /w/1=a", "PUT /w/1=c prev=a", "DELETE /w/1 prev=c");
      assertThat(deletesOnly.next(2)).containsExactly("DELETE /w/1", "DELETE /w/2");
    }
  }

  @Test
  void aWatchFromACompactedRevisionFails() throws Exception {
    put("k", "1");
    put("k", "2");
    long revision = client.getKVClient().get(bytes("k")).get().getHeader().getRevision();
    client.getKVClient().compact(revision).get();

    var events = new Events();
    try (Watch.Watcher _ =
        client.getWatchClient().watch(bytes("k"), WatchOption.builder().withRevision(1).build(), events)) {
      Throwable error = events.error();
      assertThat(error).isInstanceOf(CompactedException.class);
      assertThat(((CompactedException) error).getCompactedRevision()).isEqualTo(revision);
    }
  }

  @Test
  void rangeOptions() throws Exception {
    put("/r/b", "2");
    put("/r/a", "3");
    put("/r/c", "1");
    GetResponse byValue =
        client
            .getKVClient()
            .get(
                bytes("/r/"),
                GetOption.builder()
                    .isPrefix(true)
                    .withSortField(GetOption.SortTarget.VALUE)
                    .withSortOrder(GetOption.SortOrder.DESCEND)
                    .withLimit(2)
                    .build())
            .get();
    assertThat(byValue.getKvs()).extracting(JetcdTest::text).containsExactly("/r/a=3", "/r/b=2");
    assertThat(byValue.isMore()).isTrue();
    assertThat(byValue.getCount()).isEqualTo(3);

    GetResponse count =
        client.getKVClient().get(bytes("/r/"), GetOption.builder().isPrefix(true).withCountOnly(true).build()).get();
    assertThat(count.getCount()).isEqualTo(3);
    assertThat(count.getKvs()).isEmpty();
  }

  @Test
  void nestedTransactions() throws Exception {
    put("t", "1");
    TxnResponse response =
        client
            .getKVClient()
            .txn()
            .If(new Cmp(bytes("t"), Cmp.Op.EQUAL, CmpTarget.value(bytes("1"))))
            .Then(
                Op.put(bytes("t"), bytes("2"), PutOption.DEFAULT),
                Op.txn(
                    new Cmp[] {new Cmp(bytes("u"), Cmp.Op.EQUAL, CmpTarget.version(0))},
                    new Op[] {Op.put(bytes("u"), bytes("new"), PutOption.DEFAULT)},
                    new Op[] {}))
            .commit()
            .get();
    assertThat(response.isSucceeded()).isTrue();
    assertThat(response.getTxnResponses()).hasSize(1);
    assertThat(response.getTxnResponses().getFirst().isSucceeded()).isTrue();
    assertThat(value("t")).isEqualTo("2");
    assertThat(value("u")).isEqualTo("new");
  }

  @Test
  void aKeyWrittenTwiceInATransactionIsRefusedAsByEtcd() {
    var txn =
        client
            .getKVClient()
            .txn()
            .Then(
                Op.put(bytes("d"), bytes("1"), PutOption.DEFAULT),
                Op.put(bytes("d"), bytes("2"), PutOption.DEFAULT))
            .commit();
    assertThatThrownBy(txn::get)
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("etcdserver: duplicate key given in txn request");
  }

  @Test
  void leaseKeepAlive() throws Exception {
    long lease = client.getLeaseClient().grant(30).get().getID();
    BlockingQueue<LeaseKeepAliveResponse> responses = new LinkedBlockingQueue<>();
    try (var _ =
        client
            .getLeaseClient()
            .keepAlive(
                lease,
                new StreamObserver<>() {
                  @Override
                  public void onNext(LeaseKeepAliveResponse value) {
                    responses.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                })) {
      LeaseKeepAliveResponse first = responses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.getID()).isEqualTo(lease);
      assertThat(first.getTTL()).isEqualTo(30);
    }
    var ttl = client.getLeaseClient().timeToLive(lease, LeaseOption.builder().withAttachedKeys().build()).get();
    assertThat(ttl.getTTL()).isBetween(1L, 30L);
    assertThat(ttl.getGrantedTTL()).isEqualTo(30);
    assertThat(client.getLeaseClient().keepAliveOnce(lease).get().getTTL()).isEqualTo(30);
  }

  @Test
  void statusAndMembers() throws Exception {
    var status = client.getMaintenanceClient().statusMember(endpoint.clientUrl().toString()).get();
    assertThat(status.getLeader()).isEqualTo(endpoint.config().memberId());
    assertThat(status.getVersion()).isEqualTo(EmbeddedStore.VERSION);
    var members = client.getClusterClient().listMember().get().getMembers();
    assertThat(members).hasSize(1);
    assertThat(members.getFirst().getClientURIs()).containsExactly(endpoint.clientUrl());
  }

  private static WatchOption.Builder prefixOption() {
    return WatchOption.builder().isPrefix(true);
  }

  private void put(String key, String value) throws Exception {
    client.getKVClient().put(bytes(key), bytes(value)).get();
  }

  private String value(String key) throws Exception {
    return client.getKVClient().get(bytes(key)).get().getKvs().getFirst().getValue().toString(StandardCharsets.UTF_8);
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static String text(KeyValue kv) {
    return kv.getKey().toString(StandardCharsets.UTF_8) + "=" + kv.getValue().toString(StandardCharsets.UTF_8);
  }

  /** Collects what a jetcd watcher receives, as short strings. */
  private static final class Events implements Watch.Listener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @Override
    public void onNext(WatchResponse response) {
      for (WatchEvent e : response.getEvents()) {
        String text =
            e.getEventType() == WatchEvent.EventType.PUT
                ? "PUT " + JetcdTest.text(e.getKeyValue())
                : "DELETE " + e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
        KeyValue prev = e.getPrevKV();
        if (prev != null && !prev.getKey().isEmpty()) {
          text += " prev=" + prev.getValue().toString(StandardCharsets.UTF_8);
        }
        events.add(text);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      errors.add(throwable);
    }

    @Override
    public void onCompleted() {}

    List<String> next(int count) throws InterruptedException {
      List<String> result = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (result.size() < count) {
        String e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(e).as("events after %s", result).isNotNull();
        result.add(e);
      }
      return result;
    }

    Throwable error() throws InterruptedException {
      Throwable t = errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(t).as("watch error").isNotNull();
      return t;
    }
  }
}
