package dev.ketch.kubelet.server;

import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;

/** The SYN_REPLY that accepts a stream the client opened. */
final class SpdyReplies {

  private SpdyReplies() {}

  /**
   * A reply echoing the stream's {@code streamtype}: Go's SPDY framer cannot read a reply without
   * a header block, and Netty writes no block for an empty header set.
   */
  static SpdySynReplyFrame to(SpdySynStreamFrame syn) {
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
    String type = syn.headers().getAsString("streamtype");
    reply.headers().set("streamtype", type == null ? "" : type);
    return reply;
  }
}
