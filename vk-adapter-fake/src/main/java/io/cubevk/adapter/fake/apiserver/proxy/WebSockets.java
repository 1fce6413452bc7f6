package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

/** The client-facing WebSocket handshake, for the streams the proxy terminates itself. */
final class WebSockets {

  /** Largest message accepted from a client (stdin and tunnel messages are far smaller). */
  static final int MAX_MESSAGE = 16 * 1024 * 1024;

  private WebSockets() {}

  static boolean isWebSocket(HttpHeaders headers) {
    return "websocket".equalsIgnoreCase(headers.get(HttpHeaderNames.UPGRADE, ""));
  }

  /**
   * Answers the client's handshake choosing {@code subprotocol} (which the client offered), and
   * leaves WebSocket frames (whole messages) flowing to the handler named {@link ClientSide#NAME}.
   * The request is released.
   */
  static ChannelFuture handshake(Channel client, FullHttpRequest request, String subprotocol) {
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(
                "wss://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri(),
                subprotocol,
                false,
                MAX_MESSAGE)
            .newHandshaker(request);
    if (handshaker == null) {
      request.release();
      return WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(client);
    }
    ChannelFuture done = handshaker.handshake(client, request);
    done.addListener(
        f -> {
          request.release();
          if (f.isSuccess() && client.pipeline().get(ClientSide.NAME) != null) {
            client
                .pipeline()
                .addBefore(
                    ClientSide.NAME, "ws-aggregate", new WebSocketFrameAggregator(MAX_MESSAGE));
          }
        });
    return done;
  }
}
