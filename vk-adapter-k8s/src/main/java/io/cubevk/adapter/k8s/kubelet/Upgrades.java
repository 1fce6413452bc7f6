package io.cubevk.adapter.k8s.kubelet;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.util.List;
import java.util.Optional;

/**
 * Leaving HTTP/1.1: subprotocol negotiation and the pipeline surgery of the two upgrades kubelet
 * clients use: WebSocket (RFC 6455, subprotocol in {@code Sec-WebSocket-Protocol}) and SPDY/3.1
 * (kubelet's {@code httpstream} handshake, version in {@code X-Stream-Protocol-Version}).
 */
final class Upgrades {

  static final String STREAM_PROTOCOL_VERSION = "X-Stream-Protocol-Version";
  static final String ACCEPTED_STREAM_PROTOCOL_VERSIONS = "X-Accepted-Stream-Protocol-Versions";

  private Upgrades() {}

  /**
   * The first subprotocol the client offers that the server speaks (the client's preference wins,
   * as in Go's websocket handshake); {@code ""} when the client offered none.
   */
  static Optional<String> webSocketProtocol(KubeletRequest request, List<String> supported) {
    List<String> offered = request.headerTokens(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    if (offered.isEmpty()) {
      return Optional.of("");
    }
    return offered.stream().filter(supported::contains).findFirst();
  }

  /** kubelet's {@code httpstream.Handshake}: the first version the client lists that we speak. */
  static Optional<String> spdyProtocol(KubeletRequest request, List<String> supported) {
    return request.headerTokens(STREAM_PROTOCOL_VERSION).stream()
        .filter(supported::contains)
        .findFirst();
  }

  /** The answer when the client's SPDY versions and ours do not meet. */
  static FullHttpResponse spdyVersionRefusal(KubeletRequest request, List<String> supported) {
    List<String> offered = request.headerTokens(STREAM_PROTOCOL_VERSION);
    if (offered.isEmpty()) {
      return HttpResponses.text(
          HttpResponseStatus.BAD_REQUEST,
          "unable to upgrade: " + STREAM_PROTOCOL_VERSION + " is required");
    }
    FullHttpResponse response =
        HttpResponses.text(
            HttpResponseStatus.FORBIDDEN,
            "unable to upgrade: unable to negotiate protocol: client supports "
                + offered
                + ", server accepts "
                + supported);
    supported.forEach(v -> response.headers().add(ACCEPTED_STREAM_PROTOCOL_VERSIONS, v));
    return response;
  }

  /**
   * Completes the WebSocket handshake with the chosen subprotocol and installs {@code handlers} to
   * receive its frames. The request handler leaves the pipeline.
   */
  static void toWebSocket(Exchange exchange, String subprotocol, ChannelHandler... handlers) {
    Channel channel = exchange.channel();
    FullHttpRequest handshakeRequest = exchange.request().toHandshakeRequest();
    try {
      WebSocketServerHandshaker handshaker =
          new WebSocketServerHandshakerFactory(
                  "wss://"
                      + exchange.request().headers().get(HttpHeaderNames.HOST, "localhost")
                      + exchange.request().uri(),
                  subprotocol.isEmpty() ? null : subprotocol,
                  WebSocketDecoderConfig.newBuilder()
                      .maxFramePayloadLength(exchange.server().limits().maxMessageBytes())
                      .allowExtensions(false)
                      .build())
              .newHandshaker(handshakeRequest);
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
        exchange.handOver();
        channel.close();
        return;
      }
      exchange.useStreamingIdleTimeout();
      handshaker.handshake(channel, handshakeRequest);
      exchange.handOver();
      channel.pipeline().addLast(handlers);
      channel.config().setAutoRead(true);
    } finally {
      handshakeRequest.release();
    }
  }

  /**
   * Answers 101 with the negotiated version and switches the connection to SPDY/3.1 frames, handled
   * by {@code session}. Bytes the client sent after its request are not lost: the HTTP decoder
   * hands its leftovers to the SPDY codec when it leaves.
   */
  static void toSpdy(Exchange exchange, String protocol, ChannelHandler session) {
    Channel channel = exchange.channel();
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    response.headers().set(HttpHeaderNames.UPGRADE, "SPDY/3.1");
    response.headers().set(STREAM_PROTOCOL_VERSION, protocol);
    channel.writeAndFlush(response);
    ChannelPipeline pipeline = channel.pipeline();
    exchange.useStreamingIdleTimeout();
    pipeline.remove(HttpObjectAggregator.class);
    String codec = pipeline.context(HttpServerCodec.class).name();
    pipeline.addAfter(codec, "spdy-codec", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    pipeline.addAfter("spdy-codec", "spdy-session", session);
    exchange.handOver();
    pipeline.remove(codec);
    channel.config().setAutoRead(true);
  }
}
