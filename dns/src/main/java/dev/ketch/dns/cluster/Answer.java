package dev.ketch.dns.cluster;

import dev.ketch.dns.message.ResourceRecord;
import java.util.List;

/**
 * The cluster's answer to one question: an rcode and the three sections. A NODATA answer is
 * NOERROR with no answers and the zone's SOA as authority.
 *
 * @param externalTarget for an ExternalName Service, the name outside the cluster its CNAME points to,
 *     which the server resolves further; else null
 */
public record Answer(int rcode, List<ResourceRecord> answers, List<ResourceRecord> authorities,
    List<ResourceRecord> additionals, String externalTarget) {

  public Answer {
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }
}
