package dev.ketch.kubelet.server;

import java.io.IOException;

/** Where container output read from its log goes: a log response, or an attached client. */
interface LogSink {

  /** Writes output of {@code stream} (stdout or stderr); blocks while the client does not read. */
  void write(String stream, byte[] bytes) throws IOException;

  /** True once the client is gone. */
  boolean isClosed();
}
