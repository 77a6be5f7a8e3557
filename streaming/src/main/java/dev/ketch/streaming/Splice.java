package dev.ketch.streaming;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One direction of two spliced connections, as a proxy of upgraded requests (exec, attach,
 * port-forward) relays them without reading the protocol: what one side reads, the other writes,
 * with reading paused while the other cannot take more. When one side closes, so does the other
 * once its writes are out. Both channels must share one event loop; confined to it.
 */
public final class Splice extends ChannelInboundHandlerAdapter {

  private final Channel other;

  /** The handler for one channel's pipeline, writing what it reads to {@code other}. */
  public Splice(Channel other) {
    this.other = other;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    other.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        f.channel().close();
        ctx.close();
      }
    });
    if (!other.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      other.config().setAutoRead(true);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
