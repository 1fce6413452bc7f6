package io.cubevk.adapter.fake.apiserver.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * The client's connection once the API server has handed it to the proxy: the server's request
 * handler and aggregator are gone, and reading is paused until the proxy knows what to do with the
 * bytes that follow (after an upgrade they are WebSocket or SPDY frames, not HTTP). Until a mode
 * installs its own handler, what arrives is dropped and the connection's end closes the kubelet's.
 */
final class ClientSide extends ChannelInboundHandlerAdapter {

  static final String NAME = "kubelet-proxy";

  private volatile Channel kubelet;

  /**
   * Takes the client connection from the API server's handler. Called on the server's worker
   * thread; pipeline changes are safe from any thread.
   */
  static ClientSide detach(Channel client) {
    client.config().setAutoRead(false);
    ChannelPipeline pipeline = client.pipeline();
    if (pipeline.get("aggregate") != null) {
      pipeline.remove("aggregate");
    }
    ClientSide side = new ClientSide();
    pipeline.replace("api", NAME, side);
    return side;
  }

  /** The kubelet connection that lives and dies with this one. */
  void pairWith(Channel kubeletChannel) {
    this.kubelet = kubeletChannel;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Channel k = kubelet;
    if (k != null) {
      k.config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Channel k = kubelet;
    if (k != null) {
      k.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** Answers with a {@code Status} and closes, as the API server answers a failed request. */
  static void status(Channel client, int code, String reason, String message) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(code),
            Unpooled.wrappedBuffer(Json.bytes(statusJson(code, reason, message))));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  static ObjectNode statusJson(int code, String reason, String message) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }
}
