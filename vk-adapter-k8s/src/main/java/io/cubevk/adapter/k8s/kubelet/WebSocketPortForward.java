package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.PodRef;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
  private final WebSocketChannels channels;
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
    this.channels = new WebSocketChannels(protocol.equals(V4_BASE64));
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
    channels
        .decode(frame)
        // Only data channels (even) carry anything towards the pod.
        .filter(m -> m.channel() % 2 == 0 && m.channel() / 2 < bridges.size())
        .ifPresent(m -> bridges.get(m.channel() / 2).fromClient(m.payload()));
  }

  private ChannelFuture send(int channel, byte[] payload) {
    ChannelFuture future = ctx.writeAndFlush(channels.encode(channel, payload));
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
    WebSocketControl.closeGracefully(ctx, server.limits().closeGracePeriod());
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
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("WebSocket port-forward connection failed: {}", cause.toString());
    ctx.close();
  }
}
