package io.cubevk.adapter.k8s.kubelet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The client side of a SPDY/3.1 session, as {@code spdystream} drives it: it opens streams with
 * headers, sends data and FIN, and records what comes back per stream. Frames are encoded and
 * decoded by Netty's SPDY codec on an {@link EmbeddedChannel}; the bytes travel over whatever
 * transport the test gives (a TLS socket after an HTTP upgrade, or WebSocket messages). Like
 * spdystream it never sends WINDOW_UPDATE frames.
 */
final class SpdyTestSession {

  /** What the server did with one stream. */
  static final class Stream {
    volatile boolean replied;
    volatile int replyHeaders;
    volatile boolean finished;
    volatile boolean reset;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    synchronized String text() {
      return data.toString(StandardCharsets.UTF_8);
    }

    synchronized int size() {
      return data.size();
    }

    private synchronized void append(ByteBuf content) {
      data.writeBytes(ByteBufUtil.getBytes(content));
    }
  }

  private final EmbeddedChannel codec =
      new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
  private final Consumer<byte[]> transport;
  private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
  private int nextId = 1;
  volatile boolean goAway;
  volatile boolean connectionClosed;
  final AtomicInteger pingsAnswered = new AtomicInteger();

  SpdyTestSession(Consumer<byte[]> transport) {
    this.transport = transport;
  }

  /** Opens a stream (SYN_STREAM) with lowercase headers, as Go's SPDY framer writes them. */
  synchronized int open(Map<String, String> headers) {
    int id = nextId;
    nextId += 2;
    DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
    headers.forEach((k, v) -> syn.headers().add(k, v));
    streams.put(id, new Stream());
    write(syn);
    return id;
  }

  Stream stream(int id) {
    return streams.get(id);
  }

  synchronized void send(int id, byte[] bytes, boolean fin) {
    DefaultSpdyDataFrame frame = new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(bytes));
    frame.setLast(fin);
    write(frame);
  }

  synchronized void send(int id, String text) {
    send(id, text.getBytes(StandardCharsets.UTF_8), false);
  }

  synchronized void finish(int id) {
    send(id, new byte[0], true);
  }

  synchronized void ping(int id) {
    write(new DefaultSpdyPingFrame(id));
  }

  private void write(Object frame) {
    codec.writeOutbound(frame);
    for (Object out = codec.readOutbound(); out != null; out = codec.readOutbound()) {
      ByteBuf bytes = (ByteBuf) out;
      try {
        transport.accept(ByteBufUtil.getBytes(bytes));
      } finally {
        bytes.release();
      }
    }
  }

  /** Bytes from the server. */
  synchronized void feed(byte[] bytes) {
    codec.writeInbound(Unpooled.wrappedBuffer(bytes));
    for (Object in = codec.readInbound(); in != null; in = codec.readInbound()) {
      try {
        if (in instanceof SpdySynReplyFrame reply) {
          Stream stream = streams.get(reply.streamId());
          stream.replyHeaders = reply.headers().size();
          stream.replied = true;
        } else if (in instanceof SpdyDataFrame data) {
          Stream stream = streams.get(data.streamId());
          stream.append(data.content());
          if (data.isLast()) {
            stream.finished = true;
          }
        } else if (in instanceof SpdyRstStreamFrame rst) {
          Stream stream = streams.get(rst.streamId());
          if (stream != null) {
            stream.reset = true;
          }
        } else if (in instanceof SpdyGoAwayFrame) {
          goAway = true;
        } else if (in instanceof SpdyPingFrame) {
          pingsAnswered.incrementAndGet();
        }
      } finally {
        ReferenceCountUtil.release(in);
      }
    }
  }
}
