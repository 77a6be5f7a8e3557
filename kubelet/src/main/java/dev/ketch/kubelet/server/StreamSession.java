package dev.ketch.kubelet.server;

/**
 * One exec or attach, as the protocol handlers drive it from the network thread: input arrives,
 * the terminal resizes, the client goes. Implementations never block these calls.
 */
interface StreamSession {

  /** Starts the session's work on threads of its own. */
  void start();

  void stdin(byte[] bytes);

  void closeStdin();

  void resize(int width, int height);

  /** The connection is gone: stop, and release what the session holds. */
  void abort();
}
