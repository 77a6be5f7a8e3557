package dev.ketch.dns.message;

import java.util.List;

/**
 * A DNS message (RFC 1035 section 4.1). Immutable.
 *
 * @param flags the header's second 16 bits: QR, opcode, AA, TC, RD, RA, Z and the rcode
 * @param ednsUdpSize the UDP payload size an OPT record advertises, 0 when the message has none
 */
public record DnsMessage(
    int id,
    int flags,
    List<Question> questions,
    List<ResourceRecord> answers,
    List<ResourceRecord> authorities,
    List<ResourceRecord> additionals,
    int ednsUdpSize) {

  static final int QR = 0x8000;
  static final int AA = 0x0400;
  static final int TC = 0x0200;
  static final int RD = 0x0100;
  static final int RA = 0x0080;

  public DnsMessage {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  /** A standard query for {@code name}, recursion desired. */
  public static DnsMessage query(int id, String name, int type) {
    return new DnsMessage(id, RD, List.of(new Question(name, type, RecordType.CLASS_IN)), List.of(), List.of(), List.of(), 0);
  }

  /**
   * The response to {@code query}: its id, question and RD bit, recursion available, and
   * authoritative when the answer is the cluster's own.
   */
  public static DnsMessage response(DnsMessage query, int rcode, boolean authoritative, List<ResourceRecord> answers,
      List<ResourceRecord> authorities, List<ResourceRecord> additionals) {
    int flags = QR | RA | (query.flags & RD) | (authoritative ? AA : 0) | (rcode & 0xf);
    return new DnsMessage(query.id, flags, query.questions, answers, authorities, additionals, 0);
  }

  /** An answer carrying only an rcode, for a query of which only the header could be read. */
  public static DnsMessage error(int id, int requestFlags, int rcode) {
    int flags = QR | RA | (requestFlags & RD) | (requestFlags & 0x7800) | (rcode & 0xf);
    return new DnsMessage(id, flags, List.of(), List.of(), List.of(), List.of(), 0);
  }

  public boolean isResponse() {
    return (flags & QR) != 0;
  }

  public int opcode() {
    return (flags >>> 11) & 0xf;
  }

  public int rcode() {
    return flags & 0xf;
  }

  public boolean truncated() {
    return (flags & TC) != 0;
  }

  public boolean authoritative() {
    return (flags & AA) != 0;
  }

  public DnsMessage withTruncated(List<ResourceRecord> keptAnswers) {
    return new DnsMessage(id, flags | TC, questions, keptAnswers, List.of(), List.of(), ednsUdpSize);
  }
}
