package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;

/**
 * The answer to one {@link ApiRequest}: either a whole response or a stream. Every response has a
 * Content-Type. Headers that the protocol owns (Content-Length, Transfer-Encoding, Connection) are
 * set by the server and must not be given.
 *
 * <p>Thread-safety: meant for the request's handler thread; {@link #isClosed()} and {@link
 * #onClose} may be used from any thread.
 */
public interface ApiResponse {

  /**
   * Sends a complete response. Returns once the response is handed to the network, without
   * waiting for the client to read it.
   *
   * @throws IllegalStateException when a response or stream was already sent
   */
  void send(int status, String contentType, Headers headers, byte[] body);

  /** Sends a complete response without extra headers. */
  default void send(int status, String contentType, byte[] body) {
    send(status, contentType, Headers.empty(), body);
  }

  /** Sends a failure as its Status object (JSON), with Retry-After when the Status says when. */
  void sendStatus(StatusException failure);

  /**
   * Sends the status line and headers now and returns the stream for the body: HTTP/1.1 chunked
   * transfer encoding, or HTTP/2 DATA frames. Clients see the headers at once, before any chunk.
   *
   * @throws IllegalStateException when a response or stream was already sent
   */
  ResponseStream openStream(int status, String contentType, Headers headers);

  /**
   * True once nothing more can reach the client: it closed the connection or reset the stream,
   * or the server is shutting down.
   */
  boolean isClosed();

  /**
   * Runs {@code listener} once when {@link #isClosed()} becomes true for a reason other than the
   * handler ending the response itself; at once if it already is. Listeners run on a network
   * thread: they must only signal (complete a future, interrupt a wait), never block.
   */
  void onClose(Runnable listener);

  /**
   * Answers a WebSocket upgrade (101 Switching Protocols) and returns the stream of messages that
   * follows: each write sends one message (text or binary), and closing sends a normal close. The
   * same as {@link #openStream} in every other way: a failure before the first write can still be
   * answered with a Status only if the handler has not called this yet.
   *
   * @param text whether messages are text (JSON) or binary frames
   * @throws dev.ketch.apiserver.errors.StatusException 400 when the request came over HTTP/2
   * @throws IllegalStateException when a response or stream was already sent
   */
  ResponseStream openWebSocket(WebSocketHandshake handshake, boolean text);

  /**
   * Forwards the request to {@code upstream} and splices the two connections, as a proxy of
   * upgrade requests (exec, attach, port-forward) does: the upstream's answer, a 101 and whatever
   * protocol follows, or an error, goes to the client unread, and the client's bytes go upstream,
   * until either side closes. Returns once the upstream connection is up (TLS included).
   *
   * @throws dev.ketch.apiserver.errors.StatusException 400 on an HTTP/2 request (upgrades need
   *     HTTP/1.1), 503 when the upstream cannot be reached
   * @throws IllegalStateException when a response or stream was already sent
   */
  default void relay(Upstream upstream) {
    throw StatusException.badRequest("this connection cannot be relayed");
  }
}
