package dev.ketch.apiserver.http;

/**
 * The body of a streamed response (a watch, a log): chunks written one after another, each
 * flushed to the client at once.
 *
 * <p>Thread-safety: one writer thread at a time (normally the request's handler thread); {@link
 * #isClosed()} may be read from anywhere.
 */
public interface ResponseStream extends AutoCloseable {

  /**
   * Sends one chunk and flushes it. The bytes are copied, so the array may be reused. Blocks while
   * the client is not keeping up (the connection's or HTTP/2 stream's window is full), which is
   * how a slow reader slows its writer down.
   *
   * @throws ClientGoneException when the client went away or the server is shutting down
   */
  void write(byte[] chunk) throws ClientGoneException;

  /** True once writes can no longer reach the client. */
  boolean isClosed();

  /**
   * Ends the body cleanly (HTTP/1.1 last chunk; HTTP/2 end of stream), so the client sees a
   * complete response. Does nothing when already closed.
   */
  @Override
  void close();
}
