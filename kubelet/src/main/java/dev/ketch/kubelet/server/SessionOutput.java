package dev.ketch.kubelet.server;

import java.io.IOException;

/**
 * The server's side of an exec or attach connection, whatever protocol carries it (WebSocket
 * channels or SPDY streams). Called from the session's threads; writes block while the client
 * does not read.
 */
interface SessionOutput {

  void stdout(byte[] bytes) throws IOException;

  void stderr(byte[] bytes) throws IOException;

  /** Sends the outcome (a Status object) on the error stream and ends the connection. */
  void finish(byte[] status);
}
