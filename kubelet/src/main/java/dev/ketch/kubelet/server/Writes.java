package dev.ketch.kubelet.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;

/** Writes to a channel from a session's thread, waiting while the client does not read. */
final class Writes {

  private Writes() {}

  /**
   * Writes and flushes {@code message}; when the channel's buffer is full, waits until this write
   * is on the network.
   *
   * @throws IOException when the connection is gone
   */
  static void blocking(Channel channel, Object message) throws IOException {
    if (!channel.isActive()) {
      io.netty.util.ReferenceCountUtil.release(message);
      throw new IOException("the connection is closed");
    }
    ChannelFuture f = channel.writeAndFlush(message);
    if (!channel.isWritable()) {
      try {
        f.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while writing", e);
      }
      if (!f.isSuccess()) {
        throw new IOException("write failed", f.cause());
      }
    }
  }
}
