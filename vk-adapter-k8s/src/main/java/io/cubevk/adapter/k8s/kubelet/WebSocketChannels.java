package io.cubevk.adapter.k8s.kubelet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Kubernetes' channel framing of WebSocket messages ({@code wsstream}): a binary message starts
 * with its channel number; with the {@code base64.*} subprotocols a text message starts with the
 * channel as a digit ({@code '0' + n}) followed by the payload in base64.
 */
final class WebSocketChannels {

  /** One message: its channel and payload. */
  record Message(int channel, byte[] payload) {}

  private final boolean base64;

  WebSocketChannels(boolean base64) {
    this.base64 = base64;
  }

  /** The message a data frame carries; empty for frames of the other kind or malformed ones. */
  Optional<Message> decode(WebSocketFrame frame) {
    if (!base64 && frame instanceof BinaryWebSocketFrame) {
      byte[] bytes = ByteBufUtil.getBytes(frame.content());
      return bytes.length == 0
          ? Optional.empty()
          : Optional.of(new Message(bytes[0] & 0xff, Arrays.copyOfRange(bytes, 1, bytes.length)));
    }
    if (base64 && frame instanceof TextWebSocketFrame text && !text.text().isEmpty()) {
      try {
        return Optional.of(
            new Message(
                text.text().charAt(0) - '0', Base64.getDecoder().decode(text.text().substring(1))));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  WebSocketFrame encode(int channel, byte[] payload) {
    if (base64) {
      return new TextWebSocketFrame(
          (char) ('0' + channel) + Base64.getEncoder().encodeToString(payload));
    }
    return new BinaryWebSocketFrame(
        Unpooled.buffer(payload.length + 1).writeByte(channel).writeBytes(payload));
  }
}
