package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The kubelet's answer to an upgrade request the proxy made itself (translated exec, tunnelled
 * port-forward): a switch is reported at once, so that the caller can take the connection over
 * before any frame arrives; a refusal is reported with its body (up to 64 KiB: kubelet's refusals
 * are one-line texts), which the caller turns into what its client understands.
 */
final class UpgradeAnswer extends ChannelInboundHandlerAdapter {

  static final String NAME = "upgrade-answer";
  private static final int MAX_BODY = 64 * 1024;

  /** Called once. */
  interface Callback {
    void switched(ChannelHandlerContext ctx, HttpResponse head);

    void refused(HttpResponse head, String body);

    /** The connection ended before an answer. */
    void lost();
  }

  private final Callback callback;
  private HttpResponse refusal;
  private final ByteBuf body = Unpooled.buffer();
  private boolean done;

  UpgradeAnswer(Callback callback) {
    this.callback = callback;
  }

  /**
   * Dials the kubelet for an upgrade whose answer goes to {@code callback}, on the client's event
   * loop. A failed dial releases both requests and answers the client 501, as the API server does;
   * a client gone meanwhile releases them and closes the kubelet connection. Otherwise the two
   * connections are paired and {@code connected} carries on with the kubelet's channel.
   */
  static void dial(
      KubeletClient kubelets,
      KubeletEndpoint endpoint,
      String subject,
      Channel client,
      ClientSide side,
      FullHttpRequest clientRequest,
      FullHttpRequest kubeletRequest,
      Callback callback,
      CompletableFuture<Integer> outcome,
      Consumer<Channel> connected) {
    kubelets
        .connect(
            client.eventLoop(),
            endpoint,
            p -> {
              p.addLast("http", new HttpClientCodec());
              p.addLast(NAME, new UpgradeAnswer(callback));
            })
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                clientRequest.release();
                kubeletRequest.release();
                KubeletProxy.unreachable(client, subject, endpoint, f.cause(), outcome);
                return;
              }
              Channel kubelet = (Channel) f.getNow();
              side.pairWith(kubelet);
              if (!client.isActive()) {
                clientRequest.release();
                kubeletRequest.release();
                kubelet.close();
                return;
              }
              connected.accept(kubelet);
            });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (done) {
        return;
      }
      if (msg instanceof HttpResponse head) {
        if (head.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
          done = true;
          body.release();
          callback.switched(ctx, head);
          return;
        }
        refusal = head;
      }
      if (msg instanceof HttpContent content && refusal != null) {
        int room = MAX_BODY - body.readableBytes();
        body.writeBytes(content.content(), Math.min(room, content.content().readableBytes()));
        if (content instanceof LastHttpContent) {
          done = true;
          String text = body.toString(StandardCharsets.UTF_8).trim();
          body.release();
          callback.refused(refusal, text);
          ctx.close();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!done) {
      done = true;
      body.release();
      callback.lost();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
