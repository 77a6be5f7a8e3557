package dev.ketch.dns;

import dev.ketch.dns.message.DnsCodec;
import dev.ketch.dns.message.DnsMessage;
import dev.ketch.dns.message.MalformedMessageException;
import dev.ketch.dns.server.Forwarder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends queries to a DNS server over UDP or TCP and reads its answers, with the project's codec;
 * the transport is the forwarder's, pointed at the server under test.
 */
public final class DnsTestClient {

  private final Forwarder transport;

  public DnsTestClient(InetSocketAddress server) {
    this.transport = new Forwarder(List.of(server), Duration.ofSeconds(5));
  }

  public DnsMessage udp(String name, int type) {
    return decode(udpRaw(DnsCodec.encode(DnsMessage.query(ThreadLocalRandom.current().nextInt(65_536), name, type))));
  }

  public DnsMessage tcp(String name, int type) {
    byte[] query = DnsCodec.encode(DnsMessage.query(ThreadLocalRandom.current().nextInt(65_536), name, type));
    return decode(transport.forward(query, true).orElseThrow(() -> new AssertionError("no answer over TCP")));
  }

  /** Sends raw bytes (at least the two of an id) over UDP and returns the raw answer. */
  public byte[] udpRaw(byte[] query) {
    return transport.forward(query, false).orElseThrow(() -> new AssertionError("no answer over UDP"));
  }

  public static DnsMessage decode(byte[] answer) {
    try {
      return DnsCodec.decode(answer);
    } catch (MalformedMessageException e) {
      throw new AssertionError("server answered with a malformed message: " + e.getMessage(), e);
    }
  }
}
