package dev.ketch.dns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes queries for names outside the cluster to the upstream resolvers in turn, over the
 * transport the query came on, and returns the first answer with the query's id. Each UDP query
 * goes out from its own socket (a fresh random source port). Blocking: call it off the event loop.
 */
public final class Forwarder {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
  private static final int MAX_UDP = 65_535;

  private final List<InetSocketAddress> upstreams;
  private final int timeoutMillis;

  public Forwarder(List<InetSocketAddress> upstreams, Duration timeout) {
    this.upstreams = List.copyOf(upstreams);
    this.timeoutMillis = (int) timeout.toMillis();
  }

  public List<InetSocketAddress> upstreams() {
    return upstreams;
  }

  /** The first upstream answer to {@code query}, or empty when none answered in time. */
  public Optional<byte[]> forward(byte[] query, boolean tcp) {
    int id = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
    for (InetSocketAddress upstream : upstreams) {
      try {
        byte[] answer = tcp ? overTcp(upstream, query) : overUdp(upstream, query, id);
        if (answer != null) {
          return Optional.of(answer);
        }
      } catch (IOException e) {
        log.atDebug().addKeyValue("upstream", upstream).addKeyValue("error", e.toString()).log("upstream query failed");
      }
    }
    return Optional.empty();
  }

  private byte[] overUdp(InetSocketAddress upstream, byte[] query, int id) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(timeoutMillis);
      socket.send(new DatagramPacket(query, query.length, upstream));
      byte[] buffer = new byte[MAX_UDP];
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      while (true) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          return null;
        }
        boolean fromUpstream = packet.getAddress().equals(upstream.getAddress()) && packet.getPort() == upstream.getPort();
        int answerId = packet.getLength() >= 2 ? ((buffer[0] & 0xff) << 8) | (buffer[1] & 0xff) : -1;
        if (fromUpstream && answerId == id) {
          return java.util.Arrays.copyOf(buffer, packet.getLength());
        }
        int left = (int) ((deadline - System.nanoTime()) / 1_000_000);
        if (left <= 0) {
          return null;
        }
        socket.setSoTimeout(left);
      }
    }
  }

  private byte[] overTcp(InetSocketAddress upstream, byte[] query) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(upstream, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      return answer;
    } catch (SocketTimeoutException e) {
      return null;
    }
  }
}
