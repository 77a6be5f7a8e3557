package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Reads a request's body in full, up to a limit; a larger one is answered with 413 and a Status
 * body (reason RequestEntityTooLarge), also when the client asked {@code Expect: 100-continue}.
 * When the body's length was announced, the rest of it is read and dropped so the connection stays
 * usable; when it was not, the connection (or HTTP/2 stream) is closed after the answer. Runs on
 * the event loop.
 */
final class BodyAggregator extends HttpObjectAggregator {

  private final int maxBytes;

  BodyAggregator(int maxBytes) {
    super(maxBytes);
    this.maxBytes = maxBytes;
  }

  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object response = super.newContinueResponse(start, maxContentLength, pipeline);
    if (response instanceof FullHttpResponse full && full.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
      full.release();
      if (start instanceof HttpRequest request) {
        AccessLog.refused(request.method().name(), request.uri(), 413);
      }
      return tooLarge();
    }
    return response;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest request)) {
      ctx.fireExceptionCaught(new IllegalStateException("oversized message that is no request"));
      return;
    }
    AccessLog.refused(request.method().name(), request.uri(), 413);
    FullHttpResponse response = tooLarge();
    boolean close = oversized instanceof FullHttpMessage || (!HttpUtil.is100ContinueExpected(request) && !HttpUtil.isKeepAlive(request));
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  private FullHttpResponse tooLarge() {
    return StatusResponses.full(StatusException.tooLarge(maxBytes));
  }
}
