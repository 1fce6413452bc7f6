package io.cubevk.adapter.k8s.kubelet;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec and attach over a WebSocket with Kubernetes' channel subprotocols: each message starts with
 * its channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize); {@code base64.*} variants send text
 * messages whose first character is the channel digit and the rest base64; {@code
 * v5.channel.k8s.io} adds the close signal {@code [255, channel]} (the client closing stdin); from
 * v4 on the error channel carries a JSON {@code Status}. As on kubelet, an empty message on the
 * first output channel tells the client the session is up.
 */
final class WebSocketRemoteCommand extends SimpleChannelInboundHandler<WebSocketFrame>
    implements RemoteCommandBridge.Transport {

  private static final Logger log = LoggerFactory.getLogger(WebSocketRemoteCommand.class);

  static final String V5 = "v5.channel.k8s.io";
  static final String V4 = "v4.channel.k8s.io";
  static final String V4_BASE64 = "v4.base64.channel.k8s.io";
  static final String V1 = "channel.k8s.io";
  static final String V1_BASE64 = "base64.channel.k8s.io";

  /** Our choices; the client's order of preference decides among them. */
  static final List<String> PROTOCOLS = List.of(V5, V4, V4_BASE64, V1, V1_BASE64);

  private static final int STDIN = 0;
  private static final int STDOUT = 1;
  private static final int STDERR = 2;
  private static final int ERROR = 3;
  private static final int RESIZE = 4;
  private static final int CLOSE_SIGNAL = 255;

  private final RemoteCommandOptions options;
  private final RemoteCommandBridge bridge;
  private final WebSocketChannels channels;
  private final boolean jsonStatus;
  private final boolean closeSignal;
  private final Duration closeGracePeriod;
  private final OutboundBudget budget;
  private final TerminalSizes sizes;
  private ChannelHandlerContext ctx;
  private boolean closing;

  WebSocketRemoteCommand(
      String protocol,
      RemoteCommandOptions options,
      RemoteCommandBridge bridge,
      Duration closeGracePeriod,
      long maxBufferedBytes) {
    this.options = options;
    this.bridge = bridge;
    this.channels = new WebSocketChannels(protocol.equals(V4_BASE64) || protocol.equals(V1_BASE64));
    this.jsonStatus = protocol.equals(V5) || protocol.equals(V4) || protocol.equals(V4_BASE64);
    this.closeSignal = protocol.equals(V5);
    this.closeGracePeriod = closeGracePeriod;
    this.budget = new OutboundBudget(maxBufferedBytes);
    this.sizes = new TerminalSizes(bridge::resize);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    int first = options.stdout() ? STDOUT : options.stderr() ? STDERR : ERROR;
    send(first, new byte[0]);
    bridge.attach(this);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    channels.decode(frame).ifPresent(this::received);
  }

  private void received(WebSocketChannels.Message message) {
    int channel = message.channel();
    byte[] payload = message.payload();
    if (closeSignal && channel == CLOSE_SIGNAL) {
      if (payload.length > 0 && payload[0] == STDIN && options.stdin()) {
        bridge.stdinClosed();
      }
    } else if (channel == STDIN && options.stdin()) {
      bridge.stdin(payload);
    } else if (channel == RESIZE && options.tty()) {
      sizes.feed(payload);
    }
  }

  private ChannelFuture send(int channel, byte[] payload) {
    ChannelFuture future = ctx.writeAndFlush(channels.encode(channel, payload));
    budget.track(future, payload.length);
    return future;
  }

  @Override
  public void stdout(byte[] bytes) {
    output(STDOUT, bytes);
  }

  @Override
  public void stderr(byte[] bytes) {
    output(STDERR, bytes);
  }

  private void output(int channel, byte[] bytes) {
    if (closing) {
      return;
    }
    send(channel, bytes);
    if (budget.exceeded()) {
      log.warn("Exec output cut: the client reads slower than the command writes");
      abort();
    }
  }

  @Override
  public void finish(Statuses.Outcome outcome) {
    if (closing) {
      return;
    }
    String command = options.describeCommand();
    byte[] status = jsonStatus ? Statuses.json(outcome, command) : Statuses.text(outcome, command);
    if (status.length > 0) {
      send(ERROR, status);
    }
    closing = true;
    WebSocketControl.closeGracefully(ctx, closeGracePeriod);
  }

  @Override
  public boolean writable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void abort() {
    closing = true;
    ctx.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    bridge.writabilityChanged(ctx.channel().isWritable());
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    bridge.clientGone();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("WebSocket exec connection failed: {}", cause.toString());
    ctx.close();
  }
}
