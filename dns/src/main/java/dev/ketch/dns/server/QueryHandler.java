package dev.ketch.dns.server;

import dev.ketch.dns.cluster.Answer;
import dev.ketch.dns.cluster.ClusterResolver;
import dev.ketch.dns.message.DnsCodec;
import dev.ketch.dns.message.DnsMessage;
import dev.ketch.dns.message.MalformedMessageException;
import dev.ketch.dns.message.Question;
import dev.ketch.dns.message.Rcode;
import dev.ketch.dns.message.RecordType;
import dev.ketch.dns.message.ResourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one query's bytes into the answer's bytes: the cluster's own names from the resolver,
 * every other name through the forwarder (SERVFAIL when no upstream answers), FORMERR for what
 * does not parse, NOTIMP for other opcodes. Blocking when it forwards.
 */
public final class QueryHandler {

  private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);
  static final int UDP_DEFAULT_SIZE = 512;
  static final int TCP_SIZE = 65_535;

  private final ClusterResolver resolver;
  private final Forwarder forwarder;

  public QueryHandler(ClusterResolver resolver, Forwarder forwarder) {
    this.resolver = resolver;
    this.forwarder = forwarder;
  }

  /** The answer to {@code request}, or empty when nothing should be sent back (too short, or itself an answer). */
  public Optional<byte[]> handle(byte[] request, boolean tcp) {
    int[] header = DnsCodec.header(request);
    if (header == null) {
      log.atDebug().addKeyValue("bytes", request.length).log("dropped a message shorter than a DNS header");
      return Optional.empty();
    }
    if ((header[1] & 0x8000) != 0) {
      return Optional.empty();
    }
    DnsMessage query;
    try {
      query = DnsCodec.decode(request);
    } catch (MalformedMessageException e) {
      log.atDebug().addKeyValue("error", e.getMessage()).log("malformed query");
      return Optional.of(DnsCodec.encode(DnsMessage.error(header[0], header[1], Rcode.FORMERR)));
    }
    if (query.opcode() != 0) {
      return Optional.of(DnsCodec.encode(DnsMessage.error(query.id(), query.flags(), Rcode.NOTIMP)));
    }
    if (query.questions().size() != 1) {
      return Optional.of(DnsCodec.encode(DnsMessage.error(query.id(), query.flags(), Rcode.FORMERR)));
    }
    Question q = query.questions().getFirst();
    if (!resolver.inZone(q.name())) {
      return Optional.of(forwarder.forward(request, tcp)
          .orElseGet(() -> DnsCodec.encode(DnsMessage.error(query.id(), query.flags(), Rcode.SERVFAIL))));
    }
    Answer answer = resolver.resolve(q);
    List<ResourceRecord> answers = new ArrayList<>(answer.answers());
    int rcode = answer.rcode();
    if (answer.externalTarget() != null && q.type() != RecordType.CNAME) {
      rcode = chaseExternal(answer.externalTarget(), q, answers, tcp);
    }
    DnsMessage response = DnsMessage.response(query, rcode, answer.externalTarget() == null, answers,
        answer.authorities(), answer.additionals());
    return Optional.of(fit(response, tcp ? TCP_SIZE : Math.max(UDP_DEFAULT_SIZE, query.ednsUdpSize())));
  }

  /** Resolves an ExternalName target upstream and appends its answers; the rcode to give. */
  private int chaseExternal(String target, Question q, List<ResourceRecord> answers, boolean tcp) {
    byte[] sub = DnsCodec.encode(DnsMessage.query((int) (Math.random() * 65_536), target, q.type()));
    Optional<byte[]> upstream = forwarder.forward(sub, tcp);
    if (upstream.isEmpty()) {
      return Rcode.NOERROR;
    }
    try {
      DnsMessage m = DnsCodec.decode(upstream.get());
      answers.addAll(m.answers());
      return m.rcode() == Rcode.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR;
    } catch (MalformedMessageException e) {
      log.atDebug().addKeyValue("name", target).log("upstream answer did not parse");
      return Rcode.NOERROR;
    }
  }

  /** The response as bytes, within {@code limit}: answers dropped from the end and TC set if it does not fit. */
  static byte[] fit(DnsMessage response, int limit) {
    byte[] bytes = DnsCodec.encode(response);
    if (bytes.length <= limit) {
      return bytes;
    }
    List<ResourceRecord> kept = new ArrayList<>(response.answers());
    while (true) {
      if (!kept.isEmpty()) {
        kept.removeLast();
      }
      bytes = DnsCodec.encode(response.withTruncated(kept));
      if (bytes.length <= limit || kept.isEmpty()) {
        return bytes;
      }
    }
  }
}
