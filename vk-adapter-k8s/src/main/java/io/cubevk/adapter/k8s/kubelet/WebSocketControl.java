package io.cubevk.adapter.k8s.kubelet;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every WebSocket connection of the server does alike, in front of its protocol handler:
 * answers pings, answers a close frame and closes, closes when idle or broken. Data frames pass on.
 */
final class WebSocketControl extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(WebSocketControl.class);

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof CloseWebSocketFrame) {
      ReferenceCountUtil.release(msg);
      ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(f -> ctx.close());
    } else if (msg instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
    } else if (msg instanceof PongWebSocketFrame) {
      ReferenceCountUtil.release(msg);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * Says goodbye with a close frame; the client answers and closes, or the connection is closed
   * after the grace period. Closing at once could reset data the client has not read yet.
   */
  static void closeGracefully(ChannelHandlerContext ctx, Duration grace) {
    ctx.writeAndFlush(new CloseWebSocketFrame(1000, ""));
    ctx.executor().schedule(() -> ctx.close(), grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug(
        "WebSocket connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
