package dev.ketch.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.support.Fabric8;
import dev.ketch.apiserver.support.InProcessApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches over a WebSocket, one event per text message, as fabric8 asks for them by default: a
 * raw RFC 6455 client, fabric8's watch and an informer without {@code onlyHttpWatches}, and the
 * handshake's bad input.
 */
class WebSocketWatchIT {

  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
  @TempDir static Path tmp;
  static InProcessApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void eachEventIsOneTextMessageAndPingsAreAnswered() throws Exception {
    String rv = api.ok("GET", CONFIGMAPS, null).body().path("metadata").path("resourceVersion").asText();
    var messages = new LinkedBlockingQueue<String>();
    var pongs = new LinkedBlockingQueue<String>();
    var closed = new CompletableFuture<Integer>();
    WebSocket ws = api.httpClient().newWebSocketBuilder()
        .buildAsync(URI.create(api.server().url().replace("https:", "wss:") + CONFIGMAPS + "?watch=true&resourceVersion=" + rv),
            new Collecting(messages, pongs, closed))
        .get(10, TimeUnit.SECONDS);
    api.ok("POST", CONFIGMAPS, "{\"metadata\":{\"name\":\"ws-one\"},\"data\":{\"k\":\"v\"}}");
    api.ok("DELETE", CONFIGMAPS + "/ws-one", null);

    JsonNode added = Json.mapper().readTree(messages.poll(10, TimeUnit.SECONDS));
    JsonNode deleted = Json.mapper().readTree(messages.poll(10, TimeUnit.SECONDS));
    assertThat(added.path("type").asText()).isEqualTo("ADDED");
    assertThat(added.path("object").path("metadata").path("name").asText()).isEqualTo("ws-one");
    assertThat(deleted.path("type").asText()).isEqualTo("DELETED");

    ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
    assertThat(pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("3");

    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
  }

  @Test
  void aWatchThatEndsClosesTheWebSocketNormally() throws Exception {
    var closed = new CompletableFuture<Integer>();
    api.httpClient().newWebSocketBuilder()
        .buildAsync(URI.create(api.server().url().replace("https:", "wss:") + CONFIGMAPS + "?watch=true&timeoutSeconds=1"),
            new Collecting(new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>(), closed))
        .get(10, TimeUnit.SECONDS);
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
  }

  @Test
  void aWatchThatCannotStartIsAnsweredWithAStatusInsteadOfAnUpgrade() throws Exception {
    String answer = upgrade(CONFIGMAPS + "?watch=true&fieldSelector=spec.nothing%3Dx", "13");
    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(body(answer).path("kind").asText()).isEqualTo("Status");
    assertThat(body(answer).path("message").asText()).contains("spec.nothing");
  }

  @Test
  void aHandshakeOfAnotherVersionIsABadRequest() throws Exception {
    String answer = upgrade(CONFIGMAPS + "?watch=true", "8");
    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(body(answer).path("message").asText()).contains("version 13");
  }

  @Test
  void fabric8WatchesAndInformersUseWebSockets() throws Exception {
    try (KubernetesClient client = Fabric8.client(api.server().kubeconfigFiles().getFirst(), false)) {
      var actions = new CopyOnWriteArrayList<String>();
      var watch = client.configMaps().inNamespace("default").withLabel("ws", "fabric8").watch(new Watcher<ConfigMap>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {
          actions.add(action + " " + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {}
      });
      var informed = new LinkedBlockingQueue<String>();
      SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default").withLabel("ws", "fabric8")
          .inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
              informed.add("add " + obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
              informed.add("update " + newObj.getMetadata().getName());
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
              informed.add("delete " + obj.getMetadata().getName());
            }
          });
      // The informer is synced within moments: a refused WebSocket would cost fabric8 its fallback delay.
      informer.start().toCompletableFuture().get(5, TimeUnit.SECONDS);

      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("ws-f8")
          .addToLabels("ws", "fabric8").endMetadata().addToData("a", "1").build()).create();
      client.configMaps().inNamespace("default").withName("ws-f8").edit(c -> {
        c.getData().put("a", "2");
        return c;
      });
      client.configMaps().inNamespace("default").withName("ws-f8").delete();

      assertThat(List.of(informed.poll(10, TimeUnit.SECONDS), informed.poll(10, TimeUnit.SECONDS), informed.poll(10, TimeUnit.SECONDS)))
          .containsExactly("add ws-f8", "update ws-f8", "delete ws-f8");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (actions.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(actions).containsExactly("ADDED ws-f8", "MODIFIED ws-f8", "DELETED ws-f8");
      watch.close();
      informer.close();
    }
  }

  /**
   * Sends a WebSocket upgrade request over a raw TLS socket (the JDK's HTTP client will not send
   * the upgrade fields itself) and returns the whole answer of a server that does not upgrade.
   */
  private static String upgrade(String path, String version) throws Exception {
    URI server = URI.create(api.server().url());
    try (SSLSocket socket = (SSLSocket) api.httpClient().sslContext().getSocketFactory().createSocket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(10_000);
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + server.getAuthority() + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Version: " + version + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Accept: application/json\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode body(String answer) throws Exception {
    return Json.mapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }

  /** Collects text messages, the lengths of pong payloads, and the close code. */
  private record Collecting(LinkedBlockingQueue<String> messages, LinkedBlockingQueue<String> pongs, CompletableFuture<Integer> closed)
      implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      messages.add(data.toString());
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      pongs.add(Integer.toString(message.remaining()));
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
