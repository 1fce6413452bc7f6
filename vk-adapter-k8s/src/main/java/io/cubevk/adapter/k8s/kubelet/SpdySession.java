package io.cubevk.adapter.k8s.kubelet;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySessionStatus;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a SPDY/3.1 session as Kubernetes' {@code spdystream} speaks it: the client
 * opens streams (SYN_STREAM with {@code streamtype}, {@code port}, {@code requestid} headers), we
 * accept each with a SYN_REPLY, data flows both ways, FIN half-closes, RST_STREAM ends a stream,
 * PINGs are echoed, GOAWAY ends the session.
 *
 * <p>Netty's own {@code SpdySessionHandler} is not used on purpose: it enforces SPDY flow-control
 * windows when sending, and {@code spdystream} (Go's kubectl and API server) never sends
 * WINDOW_UPDATE frames, so anything above 64 KiB per stream would stall forever. This session sends
 * WINDOW_UPDATEs for what it receives (for clients that honour windows) and does not wait for any;
 * backpressure comes from the connection's writability instead.
 */
final class SpdySession extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(SpdySession.class);
  private static final int WINDOW_UPDATE_THRESHOLD = 32 * 1024;
  static final String REPLY_HEADER = "x-cube-vk-stream";

  /** The protocol carried by the session: remote command or port forwarding. */
  interface Protocol {
    /** A stream was opened and accepted; the protocol attaches its receiver or resets it. */
    void streamOpened(SpdyStream stream);

    void writabilityChanged(boolean writable);

    /** The connection is closed; every stream is gone. */
    void sessionClosed();
  }

  private final Protocol protocol;
  private final int maxStreams;
  private final Duration closeGracePeriod;
  private final Map<Integer, SpdyStream> streams = new HashMap<>();
  private final Map<Integer, Integer> unacknowledged = new HashMap<>();
  private ChannelHandlerContext ctx;
  private int lastAcceptedStreamId;
  private int sessionUnacknowledged;
  private boolean goingAway;

  SpdySession(Protocol protocol, int maxStreams, Duration closeGracePeriod) {
    this.protocol = protocol;
    this.maxStreams = maxStreams;
    this.closeGracePeriod = closeGracePeriod;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof SpdySynStreamFrame syn) {
        onSynStream(syn);
      } else if (msg instanceof SpdyDataFrame data) {
        onData(data);
      } else if (msg instanceof SpdyRstStreamFrame rst) {
        SpdyStream stream = streams.remove(rst.streamId());
        if (stream != null) {
          stream.onReset();
        }
      } else if (msg instanceof SpdyPingFrame ping) {
        // Client pings carry odd ids; even ones would be answers to ours (we send none).
        if ((ping.id() & 1) == 1) {
          ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
        }
      } else if (msg instanceof SpdyGoAwayFrame) {
        // The client is done; it closes the connection once its streams are. No new streams.
        goingAway = true;
      }
      // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do (see the class comment on windows).
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onSynStream(SpdySynStreamFrame syn) {
    int id = syn.streamId();
    if ((id & 1) == 0 || id <= lastAcceptedStreamId) {
      ctx.writeAndFlush(
          new io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame(
              id, SpdyStreamStatus.PROTOCOL_ERROR));
      return;
    }
    if (goingAway || streams.size() >= maxStreams) {
      ctx.writeAndFlush(
          new io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame(
              id, SpdyStreamStatus.REFUSED_STREAM));
      return;
    }
    lastAcceptedStreamId = id;
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<CharSequence, CharSequence> header : syn.headers()) {
      headers.put(
          header.getKey().toString().toLowerCase(Locale.ROOT), header.getValue().toString());
    }
    SpdyStream stream = new SpdyStream(id, headers, syn.isLast(), ctx, this);
    streams.put(id, stream);
    // The reply must precede any data: spdystream drops data on streams it has no reply for.
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
    // Netty encodes an empty header block as no bytes at all, which Go's SPDY framer reads as
    // a truncated block and drops the connection (it wants a compressed count of zero). One
    // header keeps the block well-formed; spdystream ignores reply headers.
    reply.headers().set(REPLY_HEADER, "accepted");
    ctx.writeAndFlush(reply);
    protocol.streamOpened(stream);
  }

  private void onData(SpdyDataFrame data) {
    int id = data.streamId();
    int size = data.content().readableBytes();
    SpdyStream stream = streams.get(id);
    if (stream == null) {
      return;
    }
    byte[] bytes = new byte[size];
    data.content().readBytes(bytes);
    acknowledge(id, size);
    stream.onData(bytes, data.isLast());
  }

  private void acknowledge(int id, int size) {
    if (size == 0) {
      return;
    }
    int pending = unacknowledged.merge(id, size, Integer::sum);
    if (pending >= WINDOW_UPDATE_THRESHOLD) {
      unacknowledged.remove(id);
      ctx.write(new DefaultSpdyWindowUpdateFrame(id, pending));
    }
    sessionUnacknowledged += size;
    if (sessionUnacknowledged >= WINDOW_UPDATE_THRESHOLD) {
      ctx.write(new DefaultSpdyWindowUpdateFrame(0, sessionUnacknowledged));
      sessionUnacknowledged = 0;
    }
    ctx.flush();
  }

  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  void forget(SpdyStream stream) {
    streams.remove(stream.id());
    unacknowledged.remove(stream.id());
  }

  /**
   * Ends the session politely: GOAWAY, then the client closes the connection once it has read
   * everything (closing first could make it drop data still queued on its side); if it does not
   * within the grace period, we close.
   */
  void goAway() {
    if (!ctx.channel().isActive()) {
      return;
    }
    goingAway = true;
    ctx.writeAndFlush(new DefaultSpdyGoAwayFrame(lastAcceptedStreamId, SpdySessionStatus.OK));
    ctx.executor().schedule(() -> ctx.close(), closeGracePeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    protocol.writabilityChanged(ctx.channel().isWritable());
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    for (SpdyStream stream : new ArrayList<>(streams.values())) {
      stream.onReset();
    }
    streams.clear();
    protocol.sessionClosed();
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      log.debug("Closing idle SPDY connection from {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug(
        "SPDY connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
