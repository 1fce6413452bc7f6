package io.cubevk.adapter.fake.apiserver.proxy;

import io.cubevk.adapter.fake.apiserver.auth.CertificateAuthority;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A kubelet stand-in for the proxy's tests, over TLS with a client certificate required: it records
 * what reaches it and answers the way kubelet's protocols look on the wire. Logs: the path back, or
 * with {@code follow} a line at once and the stream held open. Exec/attach over SPDY v4: "ready" on
 * stdout once its streams exist, stdin echoed, the end on stdin's FIN, with exit code 3 for a
 * command {@code fail}; container {@code broken} refused with 400. Exec over WebSocket v4: binary
 * messages echoed. Port-forward over SPDY: each data stream echoed. {@code /metrics/resource}
 * serves {@link #metrics}; anything else {@code {"path": …}}.
 */
final class StubKubelet implements AutoCloseable {

  /** One request as it arrived. */
  record Seen(String method, String uri, Map<String, String> headers, String clientUser) {
    String path() {
      return new QueryStringDecoder(uri).path();
    }

    Map<String, List<String>> query() {
      return new QueryStringDecoder(uri).parameters();
    }
  }

  final List<Seen> requests = new CopyOnWriteArrayList<>();
  final List<String> spdyStreams = new CopyOnWriteArrayList<>();
  final AtomicReference<String> metrics = new AtomicReference<>("");
  final AtomicInteger openFollows = new AtomicInteger();
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("stub-kubelet", true), NioIoHandler.newFactory());
  private final Channel server;

  StubKubelet(CertificateAuthority.Issued serving, X509Certificate clientCa) throws Exception {
    SslContext ssl =
        SslContextBuilder.forServer(serving.key(), serving.certificate())
            .trustManager(clientCa)
            .clientAuth(ClientAuth.REQUIRE)
            .build();
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                    ch.pipeline().addLast("http", new HttpServerCodec());
                    ch.pipeline().addLast("aggregate", new HttpObjectAggregator(1 << 20));
                    ch.pipeline().addLast("stub", new Requests());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  Seen last() {
    return requests.get(requests.size() - 1);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Requests extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
      Map<String, String> headers = new HashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
      SslHandler tls = ctx.pipeline().get(SslHandler.class);
      String user =
          ((X509Certificate) tls.engine().getSession().getPeerCertificates()[0])
              .getSubjectX500Principal()
              .getName();
      Seen seen = new Seen(req.method().name(), req.uri(), headers, user);
      requests.add(seen);
      String path = seen.path();
      String upgrade = req.headers().get(HttpHeaderNames.UPGRADE, "");
      if (upgrade.equalsIgnoreCase("websocket")) {
        webSocket(ctx, req);
      } else if (upgrade.equalsIgnoreCase("SPDY/3.1")) {
        spdy(ctx, req, seen);
      } else if (path.startsWith("/containerLogs/")) {
        logs(ctx, seen);
      } else if (path.equals("/metrics/resource")) {
        text(ctx, HttpResponseStatus.OK, metrics.get());
      } else {
        text(ctx, HttpResponseStatus.OK, "{\"path\":\"" + path + "\"}");
      }
    }

    private void logs(ChannelHandlerContext ctx, Seen seen) {
      if (!seen.query().containsKey("follow")) {
        text(ctx, HttpResponseStatus.OK, "log of " + seen.uri() + "\n");
        return;
      }
      DefaultHttpResponse head =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      // Counted before the first line leaves: a client that has read it sees the stream open.
      openFollows.incrementAndGet();
      ctx.channel().closeFuture().addListener(f -> openFollows.decrementAndGet());
      ctx.write(head);
      ctx.writeAndFlush(
          new DefaultHttpContent(Unpooled.copiedBuffer("first line\n", StandardCharsets.UTF_8)));
    }

    private void webSocket(ChannelHandlerContext ctx, FullHttpRequest req) {
      WebSocketServerHandshaker handshaker =
          new WebSocketServerHandshakerFactory(
                  "wss://kubelet" + req.uri(), "v4.channel.k8s.io,portforward.k8s.io", false)
              .newHandshaker(req);
      ctx.pipeline().remove("aggregate");
      ctx.pipeline()
          .replace(
              this,
              "echo",
              new SimpleChannelInboundHandler<WebSocketFrame>() {
                @Override
                protected void channelRead0(ChannelHandlerContext c, WebSocketFrame frame) {
                  if (frame instanceof BinaryWebSocketFrame) {
                    c.writeAndFlush(new BinaryWebSocketFrame(frame.content().retain()));
                  } else if (frame instanceof CloseWebSocketFrame) {
                    c.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(f -> c.close());
                  }
                }
              });
      handshaker.handshake(ctx.channel(), req.retain());
    }

    private void spdy(ChannelHandlerContext ctx, FullHttpRequest req, Seen seen) {
      String container = seen.path().substring(seen.path().lastIndexOf('/') + 1);
      if (container.equals("broken")) {
        text(ctx, HttpResponseStatus.BAD_REQUEST, "container broken is not running");
        return;
      }
      boolean portForward = seen.path().startsWith("/portForward/");
      String offered = String.join(",", req.headers().getAll("X-Stream-Protocol-Version"));
      String chosen = portForward ? "portforward.k8s.io" : "v4.channel.k8s.io";
      if (!offered.contains(chosen)) {
        text(ctx, HttpResponseStatus.FORBIDDEN, "no protocol in common: " + offered);
        return;
      }
      FullHttpResponse switched =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
      switched.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      switched.headers().set(HttpHeaderNames.UPGRADE, "SPDY/3.1");
      switched.headers().set("X-Stream-Protocol-Version", chosen);
      ctx.writeAndFlush(switched);
      ctx.pipeline().remove("aggregate");
      ctx.pipeline()
          .replace(this, "session", portForward ? new EchoPorts() : new Exec(seen.query()));
      ctx.pipeline().replace("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    }

    private void text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
      FullHttpResponse r =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
      ctx.writeAndFlush(r);
    }
  }

  /** A SPDY v4 exec: stdin echoed to stdout until its FIN, then the status. */
  private final class Exec extends io.netty.channel.ChannelInboundHandlerAdapter {
    private final Map<String, List<String>> query;
    private final Map<String, Integer> streams = new HashMap<>();
    private final int expected;
    private boolean started;

    Exec(Map<String, List<String>> query) {
      this.query = query;
      int n = 1;
      n += query.containsKey("input") ? 1 : 0;
      n += query.containsKey("output") ? 1 : 0;
      n += query.containsKey("error") && !query.containsKey("tty") ? 1 : 0;
      n += query.containsKey("tty") ? 1 : 0;
      this.expected = n;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof SpdySynStreamFrame syn) {
          String type = syn.headers().getAsString("streamtype");
          spdyStreams.add(type);
          streams.put(type, syn.streamId());
          DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
          reply.headers().set("x-stub", "ok");
          ctx.write(reply);
          if (streams.size() == expected && !started) {
            started = true;
            send(ctx, "stdout", "ready\n");
            if (!streams.containsKey("stdin")) {
              end(ctx);
            }
          }
          ctx.flush();
        } else if (msg instanceof SpdyDataFrame data) {
          if (streams.get("stdin") != null && data.streamId() == streams.get("stdin")) {
            if (data.content().isReadable()) {
              send(ctx, "stdout", data.content().toString(StandardCharsets.UTF_8));
            }
            if (data.isLast()) {
              end(ctx);
            }
          } else if (streams.get("resize") != null && data.streamId() == streams.get("resize")) {
            send(ctx, "stdout", "resize " + data.content().toString(StandardCharsets.UTF_8));
          }
          ctx.flush();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void send(ChannelHandlerContext ctx, String stream, String text) {
      Integer id = streams.get(stream);
      if (id != null) {
        ctx.write(
            new DefaultSpdyDataFrame(id, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
      }
    }

    private void end(ChannelHandlerContext ctx) {
      boolean fail = query.getOrDefault("command", List.of()).contains("fail");
      String status =
          fail
              ? "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with"
                  + " non-zero exit code\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":"
                  + "[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}"
              : "{\"metadata\":{},\"status\":\"Success\"}";
      for (String s : List.of("stdout", "stderr")) {
        Integer id = streams.get(s);
        if (id != null) {
          DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
          fin.setLast(true);
          ctx.write(fin);
        }
      }
      DefaultSpdyDataFrame error =
          new DefaultSpdyDataFrame(
              streams.get("error"), Unpooled.copiedBuffer(status, StandardCharsets.UTF_8));
      error.setLast(true);
      ctx.writeAndFlush(error);
    }
  }

  /** SPDY port-forward: every data stream's bytes come back on it. */
  private final class EchoPorts extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof SpdySynStreamFrame syn) {
          spdyStreams.add(
              syn.headers().getAsString("streamtype") + ":" + syn.headers().getAsString("port"));
          DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
          reply.headers().set("x-stub", "ok");
          ctx.writeAndFlush(reply);
        } else if (msg instanceof SpdyDataFrame data && data.content().isReadable()) {
          ByteBuf echo = data.content().retain();
          ctx.writeAndFlush(new DefaultSpdyDataFrame(data.streamId(), echo));
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }
}
