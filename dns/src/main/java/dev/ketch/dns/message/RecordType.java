package dev.ketch.dns.message;

/** The record types and classes the cluster DNS answers or passes through (RFC 1035, 2782, 3596, 6891). */
public final class RecordType {

  public static final int A = 1;
  public static final int NS = 2;
  public static final int CNAME = 5;
  public static final int SOA = 6;
  public static final int PTR = 12;
  public static final int MX = 15;
  public static final int TXT = 16;
  public static final int AAAA = 28;
  public static final int SRV = 33;
  public static final int OPT = 41;
  public static final int ANY = 255;

  public static final int CLASS_IN = 1;

  private RecordType() {}
}
