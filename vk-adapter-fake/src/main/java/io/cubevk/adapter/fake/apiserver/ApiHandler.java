package io.cubevk.adapter.fake.apiserver;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty end of the server: copies each aggregated request out of Netty's buffers, applies the
 * latency fault, lets {@link Api} answer it on a worker thread (never the event loop, since writes
 * take the store's lock) and writes the answer with keep-alive.
 */
@Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final Api api;
  private final Faults faults;

  ApiHandler(Api api, Faults faults) {
    this.api = api;
    this.faults = faults;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    ApiRequest req = new ApiRequest(msg, Instant.now());
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    boolean head = msg.method().name().equals("HEAD");
    Duration latency = faults.latency();
    if (latency.isZero() || latency.isNegative()) {
      process(ctx, req, keepAlive, head);
    } else {
      ctx.executor()
          .schedule(
              () -> process(ctx, req, keepAlive, head), latency.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void process(ChannelHandlerContext ctx, ApiRequest req, boolean keepAlive, boolean head) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    SSLSession session = ssl == null ? null : ssl.engine().getSession();
    Api.Response r = api.handle(ctx, req, session);
    if (r != null) {
      write(ctx, r, keepAlive, head);
    }
  }

  static void write(ChannelHandlerContext ctx, Api.Response r, boolean keepAlive, boolean head) {
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.code()),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    if (keepAlive) {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(resp);
    } else {
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    WatchStream w = ctx.channel().attr(WatchStream.KEY).get();
    if (w != null && ctx.channel().isWritable()) {
      w.writable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection {} failed", ctx.channel(), cause);
    ctx.close();
  }
}
