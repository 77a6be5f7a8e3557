package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One request's response on its channel (the HTTP/1.1 connection, or the HTTP/2 stream's child
 * channel): the {@link ApiResponse} a handler writes to, and the state the server needs around it.
 *
 * <p>Threads: the handler's virtual thread calls the {@link ApiResponse} methods; the channel's
 * event loop calls {@link #channelClosed()} and {@link #writabilityChanged()}; the server's
 * shutdown calls {@link #endForShutdown()}. State changes happen under {@code lock}; writes go
 * through {@link Channel#writeAndFlush}, which Netty runs on the event loop in call order.
 */
final class Exchange implements ApiResponse {

  private static final Set<String> RESERVED = Set.of("content-length", "transfer-encoding", "connection", "content-type");
  private static final long WRITABILITY_RECHECK_MILLIS = 1000;

  private enum State {
    OPEN,
    SENT,
    STREAMING,
    ENDED
  }

  private final Channel channel;
  private final HttpProtocol protocol;
  private final Runnable onComplete;
  private final Object lock = new Object();
  private State state = State.OPEN;
  private final List<Runnable> closeListeners = new ArrayList<>();
  private volatile boolean closed;
  private volatile int status;
  private volatile long bodyBytes;
  private Stream stream;

  /**
   * @param onComplete runs on the event loop once the whole response is written, to let the
   *     connection go on to its next request
   */
  Exchange(Channel channel, HttpProtocol protocol, Runnable onComplete) {
    this.channel = channel;
    this.protocol = protocol;
    this.onComplete = onComplete;
  }

  @Override
  public void send(int status, String contentType, Headers headers, byte[] body) {
    requireContentType(contentType);
    requireOwnHeaders(headers);
    synchronized (lock) {
      claim(State.SENT);
      this.status = status;
      this.bodyBytes = body.length;
    }
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    fillHeaders(r.headers(), contentType, headers);
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    channel.writeAndFlush(r).addListener(this::afterLastWrite);
  }

  @Override
  public void sendStatus(StatusException failure) {
    send(failure.code(), StatusResponses.JSON, StatusResponses.headers(failure), StatusResponses.body(failure));
  }

  @Override
  public ResponseStream openStream(int status, String contentType, Headers headers) {
    requireContentType(contentType);
    requireOwnHeaders(headers);
    synchronized (lock) {
      claim(State.STREAMING);
      this.status = status;
      stream = new Stream();
    }
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    fillHeaders(r.headers(), contentType, headers);
    if (protocol == HttpProtocol.HTTP_1_1) {
      r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    channel.writeAndFlush(r).addListener(this::afterWrite);
    return stream;
  }

  @Override
  public ResponseStream openWebSocket(WebSocketHandshake handshake, boolean text) {
    if (protocol != HttpProtocol.HTTP_1_1) {
      throw StatusException.badRequest("a WebSocket upgrade needs HTTP/1.1");
    }
    synchronized (lock) {
      claim(State.STREAMING);
      this.status = 101;
      stream = new WebSocketStream(text);
    }
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    r.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, handshake.accept());
    if (handshake.subprotocol() != null) {
      r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, handshake.subprotocol());
    }
    // On the event loop, so that no byte is read between the answer and the new codec.
    channel.eventLoop().execute(() -> {
      Pipelines.switchToWebSocket(channel, r);
    });
    return stream;
  }

  @Override
  public void relay(Upstream upstream) {
    if (protocol != HttpProtocol.HTTP_1_1) {
      throw StatusException.badRequest("upgrade requests need HTTP/1.1");
    }
    io.netty.channel.Channel target = Relays.connect(channel.eventLoop(), upstream);
    synchronized (lock) {
      claim(State.SENT);
      this.status = 101;
    }
    channel.eventLoop().execute(() -> Relays.splice(channel, target, upstream.requestHead()));
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void onClose(Runnable listener) {
    synchronized (lock) {
      if (!closed) {
        closeListeners.add(listener);
        return;
      }
    }
    listener.run();
  }

  int status() {
    return status;
  }

  long bodyBytes() {
    return bodyBytes;
  }

  boolean isStreaming() {
    synchronized (lock) {
      return state == State.STREAMING;
    }
  }

  boolean hasResponded() {
    synchronized (lock) {
      return state != State.OPEN;
    }
  }

  /** After the handler returned: ends a stream it left open. */
  void endOpenStream() {
    Stream s;
    synchronized (lock) {
      s = state == State.STREAMING ? stream : null;
    }
    if (s != null) {
      s.close();
    }
  }

  /**
   * Answers a failure: as a Status when nothing was sent yet, else by cutting the stream short so
   * that the client sees an incomplete response rather than a clean end.
   */
  void fail(StatusException failure) {
    synchronized (lock) {
      if (state == State.STREAMING) {
        state = State.ENDED;
        channel.close();
      }
      if (state != State.OPEN) {
        return;
      }
    }
    sendStatus(failure);
  }

  /** Server shutdown: ends an open stream cleanly and tells its handler that the client is gone. */
  void endForShutdown() {
    List<Runnable> listeners;
    synchronized (lock) {
      if (closed || state != State.STREAMING) {
        return;
      }
      state = State.ENDED;
      closed = true;
      lock.notifyAll();
      listeners = List.copyOf(closeListeners);
      closeListeners.clear();
    }
    stream.end();
    runAll(listeners);
  }

  /** Event loop: the channel closed (client left, stream reset, or connection lost). */
  void channelClosed() {
    markClosed();
  }

  /** Event loop: the channel's writability changed. */
  void writabilityChanged() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  private void markClosed() {
    List<Runnable> listeners;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
      listeners = state == State.SENT || state == State.ENDED ? List.of() : List.copyOf(closeListeners);
      closeListeners.clear();
    }
    runAll(listeners);
  }

  private static void runAll(List<Runnable> listeners) {
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Exchange.class).warn("a close listener failed", e);
      }
    }
  }

  private void claim(State next) {
    if (state != State.OPEN) {
      throw new IllegalStateException("the response was already sent");
    }
    state = next;
  }

  private void fillHeaders(HttpHeaders h, String contentType, Headers extra) {
    h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    StatusResponses.commonHeaders(h);
    extra.forEach(h::add);
  }

  private static void requireOwnHeaders(Headers headers) {
    for (String name : headers.names()) {
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("the server sets the " + name + " header itself");
      }
    }
  }

  private static void requireContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new IllegalArgumentException("every response needs a Content-Type");
    }
  }

  private void afterWrite(io.netty.util.concurrent.Future<? super Void> f) {
    if (!f.isSuccess()) {
      markClosed();
    }
  }

  private void afterLastWrite(io.netty.util.concurrent.Future<? super Void> f) {
    afterWrite(f);
    onComplete.run();
  }

  /** The messages of a WebSocket: each write one message, the close a close frame. */
  private final class WebSocketStream extends Stream {
    private final boolean text;

    WebSocketStream(boolean text) {
      this.text = text;
    }

    @Override
    Object content(byte[] chunk) {
      return text ? new TextWebSocketFrame(Unpooled.copiedBuffer(chunk)) : new BinaryWebSocketFrame(Unpooled.copiedBuffer(chunk));
    }

    @Override
    void end() {
      channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** The body of a streamed response. */
  private class Stream implements ResponseStream {

    /** What one written chunk becomes on the channel. */
    Object content(byte[] chunk) {
      return new DefaultHttpContent(Unpooled.copiedBuffer(chunk));
    }

    /** Ends the body once the handler closes it. */
    void end() {
      channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(Exchange.this::afterLastWrite);
    }

    @Override
    public void write(byte[] chunk) throws ClientGoneException {
      boolean gone;
      synchronized (lock) {
        while (!closed && state == State.STREAMING && channel.isActive() && !channel.isWritable()) {
          try {
            lock.wait(WRITABILITY_RECHECK_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGoneException("interrupted while waiting for the client to read");
          }
        }
        if (state != State.STREAMING) {
          throw new ClientGoneException("the stream is closed");
        }
        gone = closed || !channel.isActive();
        if (!gone) {
          bodyBytes += chunk.length;
        }
      }
      if (gone) {
        // The close may not have reached the event loop yet; tell the listeners now.
        markClosed();
        throw new ClientGoneException("the client went away");
      }
      if (chunk.length == 0) {
        // An empty chunk would end an HTTP/1.1 chunked body.
        return;
      }
      ChannelFuture f = channel.writeAndFlush(content(chunk));
      f.addListener(Exchange.this::afterWrite);
    }

    @Override
    public boolean isClosed() {
      synchronized (lock) {
        return closed || state != State.STREAMING;
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (state != State.STREAMING) {
          return;
        }
        state = State.ENDED;
        if (closed) {
          return;
        }
      }
      end();
    }
  }
}
