package io.cubevk.adapter.k8s.kubelet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * {@code SPDY/3.1+portforward.k8s.io}: a byte stream carried in binary WebSocket messages, as
 * client-go's tunnelling connection writes it (kubectl 1.31+ port-forward). Message boundaries mean
 * nothing: inbound message payloads are passed on as bytes, outbound bytes (the SPDY codec's
 * frames) leave as binary messages.
 */
final class WebSocketTunnel extends ChannelDuplexHandler {

  static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
      ctx.fireChannelRead(((ByteBufHolder) msg).content());
    } else {
      ReferenceCountUtil.release(msg); // text frames mean nothing here
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf bytes) {
      ctx.write(new BinaryWebSocketFrame(bytes), promise);
      return;
    }
    ctx.write(msg, promise);
  }
}
