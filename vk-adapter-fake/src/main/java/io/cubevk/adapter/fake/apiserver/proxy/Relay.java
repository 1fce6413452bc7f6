package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.function.BiFunction;

/**
 * Moves what one connection reads to its peer, as it comes, for a proxied stream after the upgrade.
 * Both connections live on the same event loop. Backpressure is the socket's own: when the peer
 * stops being writable this side stops reading, and reading resumes when the peer drains (the
 * peer's relay tells us). Either side closing closes the other once what was written is flushed.
 */
final class Relay extends ChannelInboundHandlerAdapter {

  private final Channel peer;
  private final BiFunction<ChannelHandlerContext, Object, Object> translate;

  /**
   * @param translate turns a message read here into what the peer is sent (null: nothing, the
   *     message having been handled or released by the function)
   */
  Relay(Channel peer, BiFunction<ChannelHandlerContext, Object, Object> translate) {
    this.peer = peer;
    this.translate = translate;
  }

  /** A relay that sends what it reads unchanged. */
  static Relay bytes(Channel peer) {
    return new Relay(peer, (ctx, msg) -> msg);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(peer.isWritable());
    if (!peer.isActive()) {
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Object out;
    try {
      out = translate.apply(ctx, msg);
    } catch (RuntimeException e) {
      ReferenceCountUtil.release(msg);
      throw e;
    }
    if (out == null) {
      return;
    }
    if (!peer.isActive()) {
      ReferenceCountUtil.release(out);
      return;
    }
    peer.write(out);
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // We drained: the peer, which paused because of us, may read again.
    peer.config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeAfterFlush(peer);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  static void closeAfterFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
