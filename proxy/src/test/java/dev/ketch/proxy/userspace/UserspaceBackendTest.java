package dev.ketch.proxy.userspace;

import static dev.ketch.proxy.model.ModelFixtures.id;
import static dev.ketch.proxy.model.ModelFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ServicePortSpec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The user-space proxy relaying to real sockets on loopback. Cluster IPs are 127.0.0.x addresses,
 * which are this machine's without adding anything.
 */
class UserspaceBackendTest {

  private final UserspaceBackend backend = new UserspaceBackend(ip -> false);
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    backend.close();
    for (AutoCloseable s : servers) {
      s.close();
    }
  }

  /** A TCP server answering every connection with {@code name} and closing it. */
  private EndpointAddress tcpServer(String name) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    servers.add(server);
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          s.getOutputStream().write(name.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          return;
        }
      }
    });
    return new EndpointAddress("127.0.0.1", server.getLocalPort(), true);
  }

  /** A UDP server answering every datagram with {@code name}. */
  private EndpointAddress udpServer(String name) throws IOException {
    DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    servers.add(server);
    Thread.ofVirtual().start(() -> {
      byte[] buffer = new byte[512];
      while (!server.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buffer, buffer.length);
          server.receive(p);
          byte[] answer = name.getBytes(StandardCharsets.US_ASCII);
          server.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
        } catch (IOException e) {
          return;
        }
      }
    });
    return new EndpointAddress("127.0.0.1", server.getLocalPort(), true);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String tcpGet(String ip, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ip, port), 2_000);
      s.setSoTimeout(2_000);
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static String udpAsk(DatagramSocket client, String ip, int port) throws IOException {
    client.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress(ip, port)));
    byte[] buffer = new byte[512];
    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
    client.receive(p);
    return new String(buffer, 0, p.getLength(), StandardCharsets.US_ASCII);
  }

  @Test
  void tcpConnectionsAreSpreadOverEveryEndpoint() throws Exception {
    int port = freePort();
    ServicePortSpec web = new ServicePortSpec(id("web", "TCP"), List.of("127.0.0.51"), port, 0, List.of(), false, 0);
    backend.sync(model(Map.of(web, List.of(tcpServer("a"), tcpServer("b"), tcpServer("c")))));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      seen.add(tcpGet("127.0.0.51", port));
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void clientIpAffinityKeepsAClientOnOneEndpoint() throws Exception {
    int port = freePort();
    ServicePortSpec sticky = new ServicePortSpec(id("sticky", "TCP"), List.of("127.0.0.52"), port, 0, List.of(), false, 60);
    backend.sync(model(Map.of(sticky, List.of(tcpServer("a"), tcpServer("b"), tcpServer("c")))));
    String first = tcpGet("127.0.0.52", port);
    for (int i = 0; i < 20; i++) {
      assertThat(tcpGet("127.0.0.52", port)).isEqualTo(first);
    }
  }

  @Test
  void withoutEndpointsConnectionsEndAtOnceAndADeletedServiceStopsListening() throws Exception {
    int port = freePort();
    ServicePortSpec empty = new ServicePortSpec(id("empty", "TCP"), List.of("127.0.0.53"), port, 0, List.of(), false, 0);
    backend.sync(model(Map.of(empty, List.of())));
    long started = System.nanoTime();
    try {
      assertThat(tcpGet("127.0.0.53", port)).isEmpty();
    } catch (IOException reset) {
      assertThat(reset.getMessage()).containsIgnoringCase("reset");
    }
    assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds to fail").isLessThan(1_500);
    backend.sync(model(Map.of()));
    assertThat(backend.listening()).isEmpty();
    assertThatThrownBy(() -> tcpGet("127.0.0.53", port)).isInstanceOf(IOException.class);
  }

  @Test
  void udpSessionsStickToAnEndpointUntilItIsRemoved() throws Exception {
    int port = freePort();
    ServicePortSpec dns = new ServicePortSpec(id("dns", "UDP"), List.of("127.0.0.54"), port, 0, List.of(), false, 0);
    EndpointAddress a = udpServer("a");
    EndpointAddress b = udpServer("b");
    backend.sync(model(Map.of(dns, List.of(a, b))));
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(2_000);
      String first = udpAsk(client, "127.0.0.54", port);
      assertThat(udpAsk(client, "127.0.0.54", port)).isEqualTo(first);
      EndpointAddress other = first.equals("a") ? b : a;
      backend.sync(model(Map.of(dns, List.of(other))));
      Thread.sleep(100);
      assertThat(udpAsk(client, "127.0.0.54", port)).isEqualTo(first.equals("a") ? "b" : "a");
    }
  }

  @Test
  void nodePortsListenOnEveryAddress() throws Exception {
    int port = freePort();
    int nodePort = freePort();
    ServicePortSpec np = new ServicePortSpec(id("np", "TCP"), List.of("127.0.0.55"), port, nodePort, List.of(), false, 0);
    backend.sync(model(Map.of(np, List.of(tcpServer("a")))));
    assertThat(tcpGet("127.0.0.1", nodePort)).isEqualTo("a");
  }
}
