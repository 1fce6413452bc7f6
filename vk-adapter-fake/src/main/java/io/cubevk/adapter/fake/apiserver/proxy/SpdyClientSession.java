package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Map;

/**
 * The client side of a SPDY/3.1 session, as far as a remote command needs it: open streams with
 * headers (odd ids, in order), send data and FIN, hear data, FIN, resets and the end of the
 * session. Like the kubelet's own session it acknowledges what it receives with WINDOW_UPDATEs and
 * never waits for any (Kubernetes' {@code spdystream} sends none); backpressure is the connection's
 * writability. Everything runs on the connection's event loop.
 */
final class SpdyClientSession extends ChannelInboundHandlerAdapter {

  /** Largest data frame sent: big enough to be cheap, small enough not to hog the connection. */
  private static final int MAX_DATA_FRAME = 32 * 1024;

  private static final int WINDOW_UPDATE_THRESHOLD = 32 * 1024;

  /** What happens on the session. */
  interface Listener {
    void data(int streamId, ByteBuf data);

    /** The kubelet finished (FIN) or reset a stream. */
    void streamEnded(int streamId, boolean reset);

    /** The connection is gone. */
    void closed();

    void writabilityChanged(boolean writable);
  }

  private final Listener listener;
  private final Map<Integer, Integer> unacknowledged = new HashMap<>();
  private ChannelHandlerContext ctx;
  private int nextStreamId = 1;
  private int sessionUnacknowledged;

  SpdyClientSession(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Opens a stream with these headers (names in lower case, as SPDY/3 wants them). */
  int open(Map<String, String> headers) {
    int id = nextStreamId;
    nextStreamId += 2;
    DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
    headers.forEach((name, value) -> syn.headers().set(name, value));
    ctx.write(syn);
    return id;
  }

  /** Sends bytes on a stream (the buffer is released). */
  void send(int streamId, ByteBuf data) {
    while (data.readableBytes() > MAX_DATA_FRAME) {
      ctx.write(new DefaultSpdyDataFrame(streamId, data.readRetainedSlice(MAX_DATA_FRAME)));
    }
    ctx.write(new DefaultSpdyDataFrame(streamId, data));
  }

  /** Half-closes a stream: no more bytes from us on it. */
  void finish(int streamId) {
    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(streamId);
    fin.setLast(true);
    ctx.write(fin);
  }

  void flush() {
    ctx.flush();
  }

  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof SpdyDataFrame data) {
        int size = data.content().readableBytes();
        acknowledge(data.streamId(), size);
        if (size > 0) {
          listener.data(data.streamId(), data.content().retain());
        }
        if (data.isLast()) {
          listener.streamEnded(data.streamId(), false);
        }
      } else if (msg instanceof SpdyRstStreamFrame rst) {
        listener.streamEnded(rst.streamId(), true);
      } else if (msg instanceof SpdyPingFrame ping && (ping.id() & 1) == 0) {
        ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id())); // the server's ping: echo it
      } else if (msg instanceof SpdyGoAwayFrame) {
        // The kubelet opens nothing more; the streams it has still end one by one.
      }
      // SYN_REPLY, SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do.
    } finally {
      ReferenceCountUtil.release(msg);
    }
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
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    listener.writabilityChanged(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    listener.closed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
