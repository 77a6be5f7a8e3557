package dev.ketch.dns.message;

/** A DNS message that cannot be parsed: truncated, a bad name, a pointer loop, counts beyond the data. */
public final class MalformedMessageException extends Exception {

  public MalformedMessageException(String message) {
    super(message);
  }
}
