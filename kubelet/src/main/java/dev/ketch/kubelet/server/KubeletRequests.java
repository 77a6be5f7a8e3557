package dev.ketch.kubelet.server;

import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.RemoteStreaming;
import dev.ketch.kubelet.runtime.StreamingService;
import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.ClusterCredentials;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the kubelet server's requests: checks the client is the API server, then streams a log,
 * or upgrades the connection for exec, attach or port-forward to the protocol the client asked
 * for. Runtime calls and log reads happen on virtual threads; the upgrade itself on the event
 * loop.
 */
final class KubeletRequests extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(KubeletRequests.class);

  static final String EXEC_WEBSOCKET_PROTOCOLS = "v5.channel.k8s.io,v4.channel.k8s.io";
  static final String PORT_FORWARD_TUNNEL = "SPDY/3.1+portforward.k8s.io";
  static final String PORT_FORWARD_WEBSOCKET_PROTOCOLS = PORT_FORWARD_TUNNEL + ",v4.channel.k8s.io";
  static final String SPDY_EXEC_PROTOCOL = "v4.channel.k8s.io";
  static final String SPDY_PORT_FORWARD_PROTOCOL = "portforward.k8s.io";

  private final ContainerLocator locator;
  private final ContainerLogs logs;

  KubeletRequests(ContainerLocator locator) {
    this.locator = locator;
    this.logs = new ContainerLogs(locator);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!fromApiServer(ctx)) {
      respond(ctx, request, 403, "only the API server may call the kubelet");
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    List<String> path = List.of(uri.path().replaceAll("^/+", "").split("/"));
    String route = path.getFirst();
    ctx.channel().config().setAutoRead(false);
    Thread.ofVirtual().name("kubelet-request").start(() -> {
      try {
        serve(ctx, request, route, path, uri.parameters());
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("uri", request.uri()).setCause(e).log("kubelet request failed");
        respond(ctx, request, 500, String.valueOf(e.getMessage()));
      }
    });
  }

  private void serve(ChannelHandlerContext ctx, FullHttpRequest request, String route, List<String> path,
      Map<String, List<String>> query) {
    switch (route) {
      case "healthz" -> respondText(ctx, request, "ok");
      case "containerLogs" -> {
        if (path.size() != 4) {
          respond(ctx, request, 404, "the server could not find the requested resource");
        } else {
          containerLogs(ctx, request, path.get(1), path.get(2), path.get(3), query);
        }
      }
      case "exec", "attach" -> {
        if (path.size() != 4) {
          respond(ctx, request, 404, "the server could not find the requested resource");
        } else {
          execOrAttach(ctx, request, route.equals("attach"), path.get(1), path.get(2), path.get(3), query);
        }
      }
      case "portForward" -> {
        if (path.size() != 3) {
          respond(ctx, request, 404, "the server could not find the requested resource");
        } else {
          portForward(ctx, request, path.get(1), path.get(2), query);
        }
      }
      default -> respond(ctx, request, 404, "the server could not find the requested resource");
    }
  }

  // Logs

  private void containerLogs(ChannelHandlerContext ctx, FullHttpRequest request, String ns, String pod, String container,
      Map<String, List<String>> query) {
    LogOptions options;
    Path file;
    try {
      options = LogOptions.of(query, Instant.now());
      file = logs.select(ns, pod, container, options.previous());
    } catch (IllegalArgumentException e) {
      respond(ctx, request, 400, e.getMessage());
      return;
    } catch (ContainerLogs.LogException e) {
      respond(ctx, request, e.status, e.getMessage());
      return;
    }
    request.release();
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(head);
    ctx.channel().config().setAutoRead(true);
    try {
      logs.stream(ns, pod, container, file, options, new LogSink() {
        @Override
        public void write(String stream, byte[] bytes) throws IOException {
          if (bytes.length > 0) {
            Writes.blocking(ctx.channel(), new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
          }
        }

        @Override
        public boolean isClosed() {
          return !ctx.channel().isActive();
        }
      });
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    } catch (IOException e) {
      ctx.close();
    } catch (InterruptedException e) {
      ctx.close();
      Thread.currentThread().interrupt();
    }
  }

  // Exec and attach

  private void execOrAttach(ChannelHandlerContext ctx, FullHttpRequest request, boolean attach, String ns, String pod,
      String container, Map<String, List<String>> query) {
    Optional<ContainerSummary> running = locator.running(ns, pod, container);
    if (running.isEmpty()) {
      respond(ctx, request, 404, "container not found (\"" + container + "\")");
      return;
    }
    List<String> command = query.getOrDefault("command", List.of());
    if (!attach && command.isEmpty()) {
      respond(ctx, request, 400, "you must specify at least 1 command");
      return;
    }
    boolean stdin = flag(query, "stdin", "input");
    boolean stdout = flag(query, "stdout", "output");
    boolean tty = flag(query, "tty", "tty");
    boolean stderr = flag(query, "stderr", "error") && !tty;
    if (!stdin && !stdout && !stderr) {
      respond(ctx, request, 400, "you must specify at least 1 of stdin, stdout, stderr");
      return;
    }
    if (locator.runtime() instanceof RemoteStreaming remote) {
      String id = running.get().id();
      URI url = attach ? remote.attachUrl(id, tty, stdin, stdout, stderr) : remote.execUrl(id, command, tty, stdin, stdout, stderr);
      ctx.executor().execute(() -> RuntimeRelay.relay(ctx, request, url, (code, message) -> respond(ctx, request, code, message)));
      return;
    }
    if (!(locator.runtime() instanceof StreamingService streaming)) {
      respond(ctx, request, 400, "the container runtime of this node does not support streaming");
      return;
    }
    Function<SessionOutput, StreamSession> sessions;
    if (attach) {
      Path logFile;
      try {
        logFile = logs.select(ns, pod, container, false);
      } catch (ContainerLogs.LogException e) {
        respond(ctx, request, e.status, e.getMessage());
        return;
      }
      sessions = out -> new AttachSession(logs, ns, pod, container, logFile, out);
    } else {
      String id = running.get().id();
      sessions = out -> new ExecSession(streaming, id, command, tty, stdin, out);
    }
    Set<String> streams = new LinkedHashSet<>(List.of("error"));
    if (stdin) {
      streams.add("stdin");
    }
    if (stdout) {
      streams.add("stdout");
    }
    if (stderr) {
      streams.add("stderr");
    }
    if (tty) {
      streams.add("resize");
    }
    log.atDebug().addKeyValue("pod", ns + "/" + pod).addKeyValue("container", container).addKeyValue("attach", attach)
        .log("streaming session requested");
    ctx.executor().execute(() -> {
      if (isWebSocket(request)) {
        webSocket(ctx, request, EXEC_WEBSOCKET_PROTOCOLS, protocol -> new WebSocketExec(ctx.channel(), sessions));
      } else if (isSpdy(request)) {
        spdy(ctx, request, SPDY_EXEC_PROTOCOL, new SpdyExec(ctx.channel(), streams, sessions));
      } else {
        respond(ctx, request, 400, "Upgrade request required");
      }
    });
  }

  // Port-forward

  private void portForward(ChannelHandlerContext ctx, FullHttpRequest request, String ns, String pod,
      Map<String, List<String>> query) {
    Optional<PodSandboxStatus> sandbox = locator.readySandbox(ns, pod);
    if (sandbox.isEmpty()) {
      respond(ctx, request, 404, "pod not found (\"" + pod + "_" + ns + "\")");
      return;
    }
    String sandboxId = sandbox.get().id();
    List<Integer> ports = new ArrayList<>();
    for (String p : query.getOrDefault("ports", List.of())) {
      for (String one : p.split(",")) {
        try {
          ports.add(Integer.parseInt(one.trim()));
        } catch (NumberFormatException e) {
          respond(ctx, request, 400, "invalid port: " + one);
          return;
        }
      }
    }
    if (locator.runtime() instanceof RemoteStreaming remote) {
      URI url = remote.portForwardUrl(sandboxId, ports);
      ctx.executor().execute(() -> RuntimeRelay.relay(ctx, request, url, (code, message) -> respond(ctx, request, code, message)));
      return;
    }
    if (!(locator.runtime() instanceof StreamingService streaming)) {
      respond(ctx, request, 400, "the container runtime of this node does not support streaming");
      return;
    }
    String uid = sandbox.get().labels().getOrDefault(CriLabels.POD_UID, "");
    PortTargets targets = new PortTargets() {
      @Override
      public java.net.InetSocketAddress address(int port) {
        return streaming.portForwardTarget(sandboxId, port);
      }

      @Override
      public String describe(int port) {
        return "error forwarding port " + port + " to pod " + sandboxId + ", uid " + uid;
      }
    };
    ctx.executor().execute(() -> {
      if (isWebSocket(request)) {
        webSocket(ctx, request, PORT_FORWARD_WEBSOCKET_PROTOCOLS, protocol -> {
          if (PORT_FORWARD_TUNNEL.equals(protocol)) {
            ChannelPipeline p = ctx.pipeline();
            p.addBefore(ctx.name(), "websocket-bytes", new WebSocketBytes());
            p.addBefore(ctx.name(), "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
            return new SpdyPortForward(targets);
          }
          return new WebSocketPortForward(targets, ports);
        });
      } else if (isSpdy(request)) {
        spdy(ctx, request, SPDY_PORT_FORWARD_PROTOCOL, new SpdyPortForward(targets));
      } else {
        respond(ctx, request, 400, "Upgrade request required");
      }
    });
  }

  // Upgrades (event loop)

  private static void webSocket(ChannelHandlerContext ctx, FullHttpRequest request, String protocols,
      Function<String, io.netty.channel.ChannelHandler> handler) {
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("wss://kubelet" + request.uri(), protocols,
        false, 16 << 20).newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      request.release();
      return;
    }
    handshaker.handshake(ctx.channel(), request).addListener(f -> {
      request.release();
      if (!f.isSuccess()) {
        ctx.close();
        return;
      }
      String chosen = handshaker.selectedSubprotocol();
      ctx.pipeline().replace(ctx.name(), "session", handler.apply(chosen));
      ctx.channel().config().setAutoRead(true);
    });
  }

  private static void spdy(ChannelHandlerContext ctx, FullHttpRequest request, String protocol,
      io.netty.channel.ChannelHandler handler) {
    List<String> offered = new ArrayList<>();
    request.headers().getAll("X-Stream-Protocol-Version").forEach(v -> {
      for (String one : v.split(",")) {
        offered.add(one.trim());
      }
    });
    if (!offered.isEmpty() && !offered.contains(protocol)) {
      respond(ctx, request, 403, "unable to upgrade: unable to negotiate protocol: client supports "
          + offered + ", server supports [" + protocol + "]");
      return;
    }
    request.release();
    FullHttpResponse switching = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    switching.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
        .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
        .set("X-Stream-Protocol-Version", protocol);
    ctx.writeAndFlush(switching);
    ChannelPipeline p = ctx.pipeline();
    p.remove("aggregator");
    p.replace("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    p.replace(ctx.name(), "session", handler);
    ctx.channel().config().setAutoRead(true);
  }

  private static boolean isWebSocket(FullHttpRequest request) {
    return "websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE));
  }

  private static boolean isSpdy(FullHttpRequest request) {
    String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
    return upgrade != null && upgrade.toUpperCase(java.util.Locale.ROOT).startsWith("SPDY/3.1");
  }

  private static boolean flag(Map<String, List<String>> query, String name, String alias) {
    return LogOptions.flag(query, name) || LogOptions.flag(query, alias);
  }

  // Answers

  private static boolean fromApiServer(ChannelHandlerContext ctx) {
    try {
      Certificate[] peer = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
      return peer.length > 0 && peer[0] instanceof X509Certificate leaf
          && ClusterCredentials.identityOf(leaf).user().equals(ClientIdentity.APISERVER_KUBELET_CLIENT.user());
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return false;
    }
  }

  private static void respondText(ChannelHandlerContext ctx, FullHttpRequest request, String text) {
    send(ctx, request, 200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Answers an error as upstream's kubelet does, its message as plain text (kubectl shows it after
   * "unable to upgrade connection: "), and closes the connection.
   */
  private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, int code, String message) {
    send(ctx, request, code, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(ChannelHandlerContext ctx, FullHttpRequest request, int code, String contentType, byte[] body) {
    if (request.refCnt() > 0) {
      request.release();
    }
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
        Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("kubelet connection failed remote={}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
