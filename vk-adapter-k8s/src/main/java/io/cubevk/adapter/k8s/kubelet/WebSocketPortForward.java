package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.PodRef;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket port-forward protocol of kubelet's {@code portforward/websocket.go}, which
 * client-java's {@code PortForward} speaks: one connection per port listed in the query, on
 * channels {@code 2i} (data) and {@code 2i+1} (error); the first message on each channel is the
 * port as a little-endian 16-bit number. The WebSocket closes when every port's connection has
 * ended.
 */
final class WebSocketPortForward extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final Logger log = LoggerFactory.getLogger(WebSocketPortForward.class);

  static final String V4 = "v4.channel.k8s.io";
  static final String V4_BASE64 = "v4.base64.channel.k8s.io";
  static final String LEGACY = "portforward.k8s.io";

  private final ServerContext server;
  private final PodRef pod;
  private final List<Integer> ports;
  private final boolean base64;
  private final StreamLimiter.Permit permit;
  private final OutboundBudget budget;
  private final List<PortForwardBridge> bridges = new ArrayList<>();
  private ChannelHandlerContext ctx;
  private boolean closing;

  WebSocketPortForward(
      ServerContext server,
      PodRef pod,
      List<Integer> ports,
      String protocol,
      StreamLimiter.Permit permit) {
    this.server = server;
    this.pod = pod;
    this.ports = List.copyOf(ports);
    this.base64 = protocol.equals(V4_BASE64);
    this.permit = permit;
    this.budget = new OutboundBudget(server.limits().maxBufferedBytesPerStream());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    for (int i = 0; i < ports.size(); i++) {
      int port = ports.get(i);
      byte[] prefix = {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
      send(2 * i, prefix);
      send(2 * i + 1, prefix);
    }
    for (int i = 0; i < ports.size(); i++) {
      int dataChannel = 2 * i;
      PortForwardBridge bridge =
          new PortForwardBridge(
              ctx.channel().eventLoop(),
              pod,
              ports.get(i),
              new PortForwardBridge.Transport() {
                @Override
                public void data(byte[] bytes) {
                  output(dataChannel, bytes);
                }

                @Override
                public void error(String message) {
                  send(dataChannel + 1, message.getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void finished() {
                  closeWhenAllDone();
                }

                @Override
                public boolean writable() {
                  return ctx.channel().isWritable();
                }
              });
      bridges.add(bridge);
    }
    bridges.forEach(b -> b.open(server.streams(), server.blocking()));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof CloseWebSocketFrame) {
      ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(f -> ctx.close());
      return;
    }
    if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
      return;
    }
    int channel;
    byte[] payload;
    if (frame instanceof BinaryWebSocketFrame && !base64) {
      byte[] message = ByteBufUtil.getBytes(frame.content());
      if (message.length == 0) {
        return;
      }
      channel = message[0] & 0xff;
      payload = Arrays.copyOfRange(message, 1, message.length);
    } else if (frame instanceof TextWebSocketFrame text && base64 && !text.text().isEmpty()) {
      channel = text.text().charAt(0) - '0';
      try {
        payload = Base64.getDecoder().decode(text.text().substring(1));
      } catch (IllegalArgumentException e) {
        return;
      }
    } else {
      return;
    }
    // Only data channels carry anything towards the pod.
    if (channel % 2 == 0 && channel / 2 < bridges.size()) {
      bridges.get(channel / 2).fromClient(payload);
    }
  }

  private ChannelFuture send(int channel, byte[] payload) {
    WebSocketFrame frame =
        base64
            ? new TextWebSocketFrame(
                (char) ('0' + channel) + Base64.getEncoder().encodeToString(payload))
            : new BinaryWebSocketFrame(
                Unpooled.buffer(payload.length + 1).writeByte(channel).writeBytes(payload));
    ChannelFuture future = ctx.writeAndFlush(frame);
    budget.track(future, payload.length);
    return future;
  }

  private void output(int channel, byte[] bytes) {
    if (closing) {
      return;
    }
    send(channel, bytes);
    if (budget.exceeded()) {
      log.warn("Port forward to {} cut: the client reads too slowly", pod);
      ctx.close();
    }
  }

  private void closeWhenAllDone() {
    if (closing || !bridges.stream().allMatch(PortForwardBridge::isDone)) {
      return;
    }
    closing = true;
    ctx.writeAndFlush(new CloseWebSocketFrame(1000, ""));
    ctx.executor()
        .schedule(
            () -> ctx.close(),
            server.limits().closeGracePeriod().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    boolean writable = ctx.channel().isWritable();
    bridges.forEach(b -> b.writabilityChanged(writable));
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    bridges.forEach(PortForwardBridge::clientGone);
    permit.release();
    super.channelInactive(ctx);
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
    log.debug("WebSocket port-forward connection failed: {}", cause.toString());
    ctx.close();
  }
}
