package dev.ketch.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.store.KeyRange;
import dev.ketch.store.PutRequest;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RecordingListener;
import dev.ketch.store.StoreException;
import dev.ketch.store.WatchRequest;
import dev.ketch.testing.etcd.EtcdProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the etcd store does beyond the contract: endpoints, failures and its own lifecycle. */
class EtcdKeyValueStoreTest {

  @RegisterExtension static final EtcdStoreExtension etcd = new EtcdStoreExtension();

  private static final Duration SHORT = Duration.ofSeconds(2);

  /** A loopback port nothing listens on (it was free a moment ago). */
  private static int deadPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void connectsThroughAnyLiveMemberOfACommaSeparatedList() throws IOException {
    String endpoints = "http://127.0.0.1:" + deadPort() + ", " + etcd.etcd().endpoint();

    try (EtcdKeyValueStore store = EtcdKeyValueStore.connect(endpoints)) {
      for (int i = 0; i < 10; i++) {
        store.put(PutRequest.of("/endpoints/" + i, "v"));
      }
      assertThat(store.range(RangeRequest.prefix("/endpoints/")).count()).isEqualTo(10);
    }
  }

  @Test
  void anUnreachableEtcdIsUnavailable() throws IOException {
    URI nowhere = URI.create("http://127.0.0.1:" + deadPort());

    try (EtcdKeyValueStore store = new EtcdKeyValueStore(List.of(nowhere), SHORT)) {
      assertThatThrownBy(() -> store.range(RangeRequest.key("a")))
          .isInstanceOf(StoreException.UnavailableException.class);
      assertThatThrownBy(
              () -> store.watch(WatchRequest.of(KeyRange.single("a")), new RecordingListener()))
          .isInstanceOf(StoreException.UnavailableException.class);
    }
  }

  @Test
  void endpointsMustBePlainHttpWithHostAndPort() {
    assertThatThrownBy(() -> EtcdKeyValueStore.connect("https://127.0.0.1:2379"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EtcdKeyValueStore.connect("http://127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EtcdKeyValueStore.connect(" , "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closingTheStoreEndsItsWatchesAndRefusesLaterCalls() {
    EtcdKeyValueStore store = EtcdKeyValueStore.connect(etcd.etcd().endpoint());
    RecordingListener listener = new RecordingListener();
    store.watch(WatchRequest.of(KeyRange.prefix("/closing/")), listener);

    store.close();
    store.close();

    assertThat(listener.calls())
        .singleElement()
        .isInstanceOfSatisfying(
            RecordingListener.Closed.class,
            closed ->
                assertThat(closed.cause()).isInstanceOf(StoreException.UnavailableException.class));
    assertThatThrownBy(() -> store.range(RangeRequest.key("a")))
        .isInstanceOf(StoreException.UnavailableException.class);
  }

  @Test
  void aWatchEndsWithACauseWhenEtcdGoesAway() {
    RecordingListener listener = new RecordingListener();
    EtcdProcess doomed = EtcdProcess.start();
    try (EtcdKeyValueStore store = new EtcdKeyValueStore(List.of(doomed.endpointUri()), SHORT)) {
      store.watch(WatchRequest.of(KeyRange.prefix("/doomed/")), listener);
      store.put(PutRequest.of("/doomed/a", "1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> listener.events().size() == 1);

      doomed.close();

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(listener.notifications()).hasSize(1));
      assertThat(listener.notifications().getFirst())
          .isInstanceOfSatisfying(
              RecordingListener.Closed.class,
              closed ->
                  assertThat(closed.cause())
                      .isInstanceOf(StoreException.UnavailableException.class));
      assertThatThrownBy(() -> store.put(PutRequest.of("/doomed/b", "1")))
          .isInstanceOf(StoreException.UnavailableException.class);
    } finally {
      doomed.close();
    }
  }
}
