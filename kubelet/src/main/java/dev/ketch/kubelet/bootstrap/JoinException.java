package dev.ketch.kubelet.bootstrap;

/** Joining the cluster failed; the message says why and what to do, for the person joining. */
public final class JoinException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public JoinException(String message) {
    super(message);
  }

  public JoinException(String message, Throwable cause) {
    super(message, cause);
  }
}
