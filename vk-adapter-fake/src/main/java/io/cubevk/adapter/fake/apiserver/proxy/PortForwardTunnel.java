package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Port-forward for a client tunnelling SPDY in WebSocket (kubectl 1.31+, subprotocol {@code
 * SPDY/3.1+portforward.k8s.io}), as a real API server's tunneling handler serves it: the kubelet is
 * asked for a SPDY upgrade with the tunnelled protocols; once it switches, the client's handshake
 * is answered with the protocol the kubelet chose (prefixed again), and from then on the payload of
 * every binary message is SPDY bytes for the kubelet and every byte from the kubelet goes back in a
 * binary message. The proxy never parses the SPDY inside. If the kubelet refuses, its answer is the
 * client's answer (not an upgrade: kubectl then falls back to plain SPDY).
 */
final class PortForwardTunnel implements UpgradeAnswer.Callback {

  static final String PREFIX = "SPDY/3.1+";

  private final KubeletClient kubelets;
  private final KubeletEndpoint endpoint;
  private final String subject;
  private final Channel client;
  private final ClientSide side;
  private final FullHttpRequest clientRequest;
  private final FullHttpRequest kubeletRequest;
  private final CompletableFuture<Integer> outcome;

  PortForwardTunnel(
      KubeletClient kubelets,
      KubeletEndpoint endpoint,
      String subject,
      Channel client,
      ClientSide side,
      FullHttpRequest clientRequest,
      FullHttpRequest kubeletRequest,
      CompletableFuture<Integer> outcome) {
    this.kubelets = kubelets;
    this.endpoint = endpoint;
    this.subject = subject;
    this.client = client;
    this.side = side;
    this.clientRequest = clientRequest;
    this.kubeletRequest = kubeletRequest;
    this.outcome = outcome;
  }

  /** On the client's event loop. */
  void start() {
    UpgradeAnswer.dial(
        kubelets,
        endpoint,
        subject,
        client,
        side,
        clientRequest,
        kubeletRequest,
        this,
        outcome,
        kubelet -> kubelet.writeAndFlush(kubeletRequest));
  }

  @Override
  public void switched(ChannelHandlerContext kubeletCtx, HttpResponse head) {
    Channel kubelet = kubeletCtx.channel();
    String chosen = head.headers().get("X-Stream-Protocol-Version", "").trim();
    // What the kubelet sends after switching is SPDY: raw bytes into binary messages.
    kubeletCtx
        .pipeline()
        .replace(
            UpgradeAnswer.NAME,
            "relay",
            new Relay(
                client,
                (ctx, msg) -> {
                  if (msg instanceof ByteBuf bytes) {
                    return new BinaryWebSocketFrame(bytes);
                  }
                  ReferenceCountUtil.release(msg);
                  return null;
                }));
    kubeletCtx.pipeline().remove("http");
    // A SPDY server speaks only when spoken to; still, nothing for the client before its handshake.
    kubelet.config().setAutoRead(false);
    WebSockets.handshake(client, clientRequest, chosen.isEmpty() ? null : PREFIX + chosen)
        .addListener(
            handshake -> {
              if (!handshake.isSuccess()) {
                outcome.complete(400);
                kubelet.close();
                client.close();
                return;
              }
              outcome.complete(101);
              client
                  .pipeline()
                  .replace(
                      ClientSide.NAME,
                      "relay",
                      new Relay(
                          kubelet,
                          (ctx, msg) -> {
                            if (msg instanceof BinaryWebSocketFrame frame) {
                              return frame.content();
                            }
                            if (msg instanceof PingWebSocketFrame ping) {
                              ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
                              return null;
                            }
                            if (msg instanceof CloseWebSocketFrame close) {
                              ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), ""))
                                  .addListener(c -> ctx.close());
                              close.release();
                              return null;
                            }
                            ReferenceCountUtil.release(msg);
                            return null;
                          }));
              kubelet.config().setAutoRead(client.isWritable());
            });
  }

  @Override
  public void refused(HttpResponse head, String body) {
    outcome.complete(head.status().code());
    clientRequest.release();
    FullHttpResponse answer =
        new DefaultFullHttpResponse(
            head.protocolVersion(),
            head.status(),
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    answer
        .headers()
        .set(
            HttpHeaderNames.CONTENT_TYPE,
            head.headers().get(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8"));
    answer.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.content().readableBytes());
    answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    client.writeAndFlush(answer).addListener(f -> client.close());
  }

  @Override
  public void lost() {
    outcome.complete(502);
    clientRequest.release();
    ClientSide.status(
        client,
        502,
        "ServiceUnavailable",
        "the kubelet at " + endpoint + " closed the connection before answering");
  }
}
