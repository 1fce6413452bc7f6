package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * A request passed to the kubelet as it is, the way a real API server's upgrade-aware proxy passes
 * it: a plain request's answer streams back piece by piece (a followed log stays open until either
 * side ends it); an upgrade (SPDY, or a WebSocket protocol that needs no translation) is sent on,
 * and once the kubelet switches protocols its answer is given to the client and both connections
 * become one byte stream. An upgrade the kubelet refuses is answered with the kubelet's own answer.
 */
final class HttpForward {

  private final KubeletClient kubelets;
  private final KubeletEndpoint endpoint;
  private final String subject;
  private final Channel client;
  private final ClientSide side;
  private final FullHttpRequest request;
  private final boolean upgrade;
  private final CompletableFuture<Integer> outcome;

  HttpForward(
      KubeletClient kubelets,
      KubeletEndpoint endpoint,
      String subject,
      Channel client,
      ClientSide side,
      FullHttpRequest request,
      boolean upgrade,
      CompletableFuture<Integer> outcome) {
    this.kubelets = kubelets;
    this.endpoint = endpoint;
    this.subject = subject;
    this.client = client;
    this.side = side;
    this.request = request;
    this.upgrade = upgrade;
    this.outcome = outcome;
  }

  /** On the client's event loop. */
  void start() {
    kubelets
        .connect(
            client.eventLoop(),
            endpoint,
            p -> {
              p.addLast("http", new HttpClientCodec());
              p.addLast("response", new Response());
            })
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                request.release();
                KubeletProxy.unreachable(client, subject, endpoint, f.cause(), outcome);
                return;
              }
              Channel kubelet = (Channel) f.getNow();
              side.pairWith(kubelet);
              if (!client.isActive()) {
                request.release();
                kubelet.close();
                return;
              }
              // Reading the client tells us when it leaves (a log follower's only signal).
              client.config().setAutoRead(!upgrade);
              kubelet.writeAndFlush(request);
            });
  }

  /** The kubelet's answer, relayed to the client. */
  private final class Response extends ChannelInboundHandlerAdapter {
    private boolean headSeen;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpResponse head) {
        headSeen = true;
        outcome.complete(head.status().code());
        if (upgrade && head.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
          ReferenceCountUtil.release(msg);
          switchProtocols(ctx, head);
          return;
        }
        client.config().setAutoRead(true);
        DefaultHttpResponse out = new DefaultHttpResponse(head.protocolVersion(), head.status());
        out.headers().set(head.headers());
        Headers.dropHopByHop(out.headers());
        out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.write(out);
      }
      if (msg instanceof HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        client.write(content);
        if (last) {
          Relay.closeAfterFlush(client);
          ctx.close();
        } else if (!client.isWritable()) {
          ctx.channel().config().setAutoRead(false); // ClientSide resumes us once it drained
        }
      } else if (!(msg instanceof HttpResponse)) {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      client.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!headSeen) {
        outcome.complete(502);
        ClientSide.status(
            client,
            502,
            "ServiceUnavailable",
            "the kubelet at " + endpoint + " closed the connection without an answer");
      } else {
        Relay.closeAfterFlush(client);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    /**
     * The kubelet switched: its answer goes to the client, then each side's bytes go to the other.
     * Both connections are on this event loop, so the order of these steps is the order of events.
     */
    private void switchProtocols(ChannelHandlerContext ctx, HttpResponse head) {
      HttpServerCodec codec = client.pipeline().get(HttpServerCodec.class);
      codec.removeInboundHandler(); // what the client sends next is not HTTP
      DefaultHttpResponse out =
          new DefaultHttpResponse(head.protocolVersion(), HttpResponseStatus.SWITCHING_PROTOCOLS);
      out.headers().set(head.headers());
      client.write(out); // encoded now, on this loop; the encoder can go
      codec.removeOutboundHandler();
      client.pipeline().replace(ClientSide.NAME, "relay", Relay.bytes(ctx.channel()));
      client.flush();
      // Bytes the kubelet sent after its answer leave the HTTP decoder as they are, into the relay.
      ctx.pipeline()
          .replace(
              this,
              "relay",
              new Relay(
                  client,
                  (c, msg) -> {
                    if (msg instanceof HttpObject) {
                      ReferenceCountUtil.release(msg);
                      return null;
                    }
                    return msg;
                  }));
      ctx.pipeline().remove("http");
      client.config().setAutoRead(ctx.channel().isWritable());
    }
  }
}
