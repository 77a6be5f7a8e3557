package dev.ketch.dns;

import dev.ketch.dns.message.DnsCodec;
import dev.ketch.dns.message.DnsMessage;
import dev.ketch.dns.message.MalformedMessageException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** Sends queries to a DNS server over UDP or TCP and reads its answers, with the project's codec. */
public final class DnsTestClient {

  private final InetSocketAddress server;

  public DnsTestClient(InetSocketAddress server) {
    this.server = server;
  }

  public DnsMessage udp(String name, int type) {
    return decode(udpRaw(DnsCodec.encode(DnsMessage.query(ThreadLocalRandom.current().nextInt(65_536), name, type))));
  }

  public DnsMessage tcp(String name, int type) {
    byte[] query = DnsCodec.encode(DnsMessage.query(ThreadLocalRandom.current().nextInt(65_536), name, type));
    try (Socket socket = new Socket(server.getAddress(), server.getPort())) {
      socket.setSoTimeout(5_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      return decode(answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends raw bytes over UDP and returns the raw answer. */
  public byte[] udpRaw(byte[] query) {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(5_000);
      socket.send(new DatagramPacket(query, query.length, server));
      byte[] buffer = new byte[65_535];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      socket.receive(packet);
      return Arrays.copyOf(buffer, packet.getLength());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DnsMessage decode(byte[] answer) {
    try {
      return DnsCodec.decode(answer);
    } catch (MalformedMessageException e) {
      throw new AssertionError("server answered with a malformed message: " + e.getMessage(), e);
    }
  }
}
