package dev.ketch.dns.message;

/**
 * One entry of a message's question section.
 *
 * @param name the queried name in lower case, without the final dot ("" for the root)
 */
public record Question(String name, int type, int dnsClass) {

  public Question {
    name = Names.normalize(name);
  }
}
