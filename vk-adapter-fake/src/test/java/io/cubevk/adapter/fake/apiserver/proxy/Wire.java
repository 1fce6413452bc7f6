package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SPDY frames as bytes and back, for test clients that speak SPDY over a raw socket or inside
 * WebSocket messages: Netty's codec on an embedded channel, so no session logic is involved.
 */
final class Wire {

  private final EmbeddedChannel codec =
      new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));

  byte[] synStream(int id, Map<String, String> headers) {
    DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
    headers.forEach((k, v) -> syn.headers().set(k, v));
    return encode(syn);
  }

  byte[] data(int id, String text, boolean last) {
    DefaultSpdyDataFrame data =
        new DefaultSpdyDataFrame(id, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    data.setLast(last);
    return encode(data);
  }

  private byte[] encode(SpdyFrame frame) {
    codec.writeOutbound(frame);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuf b;
    while ((b = codec.readOutbound()) != null) {
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      b.release();
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /** Frames decoded from bytes received (partial frames wait for the rest). */
  List<Object> decode(byte[] bytes) {
    codec.writeInbound(Unpooled.wrappedBuffer(bytes));
    List<Object> frames = new ArrayList<>();
    Object f;
    while ((f = codec.readInbound()) != null) {
      frames.add(f);
    }
    return frames;
  }
}
