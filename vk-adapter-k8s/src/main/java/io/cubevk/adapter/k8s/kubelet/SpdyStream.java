package io.cubevk.adapter.k8s.kubelet;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import java.util.Map;
import java.util.Optional;

/**
 * One client-created SPDY stream: its headers (names lowercased, as SPDY/3 sends them), what the
 * client sends on it, and our half. Event-loop confined.
 */
final class SpdyStream {

  /** What arrives from the client on the stream. */
  interface Receiver {
    void data(byte[] bytes);

    /** The client will send no more (FIN). */
    void remoteClosed();

    /** The stream is gone in both directions (RST, or the connection closed). */
    void reset();
  }

  private static final Receiver IGNORE =
      new Receiver() {
        @Override
        public void data(byte[] bytes) {}

        @Override
        public void remoteClosed() {}

        @Override
        public void reset() {}
      };

  // Frames of at most this size keep one stream from hogging the connection.
  private static final int MAX_FRAME_BYTES = 32 * 1024;

  private final int id;
  private final Map<String, String> headers;
  private final ChannelHandlerContext ctx;
  private final SpdySession session;
  private Receiver receiver = IGNORE;
  private boolean remoteClosed;
  private boolean localClosed;
  private boolean reset;

  SpdyStream(
      int id,
      Map<String, String> headers,
      boolean remoteClosed,
      ChannelHandlerContext ctx,
      SpdySession session) {
    this.id = id;
    this.headers = Map.copyOf(headers);
    this.remoteClosed = remoteClosed;
    this.ctx = ctx;
    this.session = session;
  }

  int id() {
    return id;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  void receiver(Receiver receiver) {
    this.receiver = receiver;
    if (remoteClosed) {
      receiver.remoteClosed();
    }
  }

  /** Sends bytes on the stream; returns the last write (for flow accounting), if any. */
  Optional<ChannelFuture> write(byte[] bytes) {
    if (localClosed || reset || bytes.length == 0) {
      return Optional.empty();
    }
    ChannelFuture last = null;
    for (int offset = 0; offset < bytes.length; offset += MAX_FRAME_BYTES) {
      int length = Math.min(MAX_FRAME_BYTES, bytes.length - offset);
      last = ctx.write(new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(bytes, offset, length)));
    }
    ctx.flush();
    return Optional.ofNullable(last);
  }

  /** Our half is done: an empty DATA frame with FIN. */
  void finish() {
    if (localClosed || reset) {
      return;
    }
    localClosed = true;
    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
    fin.setLast(true);
    ctx.writeAndFlush(fin);
    if (remoteClosed) {
      session.forget(this);
    }
  }

  /** Both halves are done at once: RST_STREAM. */
  void reset(SpdyStreamStatus status) {
    if (reset) {
      return;
    }
    reset = true;
    ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(id, status));
    session.forget(this);
  }

  // From the session (event loop).

  void onData(byte[] bytes, boolean last) {
    if (reset || remoteClosed) {
      return;
    }
    if (bytes.length > 0) {
      receiver.data(bytes);
    }
    if (last) {
      remoteClosed = true;
      receiver.remoteClosed();
      if (localClosed) {
        session.forget(this);
      }
    }
  }

  void onReset() {
    if (reset) {
      return;
    }
    reset = true;
    receiver.reset();
  }
}
