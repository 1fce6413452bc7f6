package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * How the API server reaches kubelets: TLS with the API server's kubelet client certificate (the
 * kubelet authenticates it and asks the API server, through a SubjectAccessReview, whether that
 * user may use {@code nodes/proxy}), trusting the CA bundle that signed the kubelets' serving
 * certificates and checking that the certificate names the address dialled (a real API server does
 * this once {@code --kubelet-certificate-authority} is set). Connections are made on the event loop
 * given, normally the one of the client connection they serve, so a proxied stream runs on one
 * thread.
 */
public final class KubeletClient {

  private static final int MAX_ANSWER = 16 * 1024 * 1024;

  private final SslContext ssl;
  private final Duration connectTimeout;

  private KubeletClient(SslContext ssl, Duration connectTimeout) {
    this.ssl = ssl;
    this.connectTimeout = connectTimeout;
  }

  /**
   * A client presenting {@code certificate} and trusting {@code trusted} for kubelets' serving
   * certificates.
   */
  public static KubeletClient create(
      PrivateKey key, X509Certificate certificate, List<X509Certificate> trusted) {
    try {
      SslContext ssl =
          SslContextBuilder.forClient()
              .keyManager(key, certificate)
              .trustManager(trusted.toArray(X509Certificate[]::new))
              .build();
      return new KubeletClient(ssl, Duration.ofSeconds(5));
    } catch (SSLException e) {
      throw new IllegalStateException("the kubelet client TLS context could not be built", e);
    }
  }

  /** A plain answer from a kubelet. */
  record Answer(int code, String body) {}

  /**
   * GETs a path from a kubelet (for the metrics scraper): the whole answer, or a failure on
   * connection errors and after {@code timeout}.
   */
  CompletableFuture<Answer> get(
      EventLoop loop, KubeletEndpoint endpoint, String path, Duration timeout) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    connect(
            loop,
            endpoint,
            p -> {
              p.addLast("http", new HttpClientCodec());
              p.addLast("aggregate", new HttpObjectAggregator(MAX_ANSWER));
              p.addLast(
                  "answer",
                  new SimpleChannelInboundHandler<FullHttpResponse>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                      answer.complete(
                          new Answer(
                              msg.status().code(), msg.content().toString(StandardCharsets.UTF_8)));
                      ctx.close();
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                      answer.completeExceptionally(
                          new IOException("the kubelet at " + endpoint + " closed the connection"));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                      answer.completeExceptionally(cause);
                      ctx.close();
                    }
                  });
            })
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                answer.completeExceptionally(f.cause());
                return;
              }
              Channel channel = (Channel) f.getNow();
              FullHttpRequest request =
                  new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
              request.headers().set(HttpHeaderNames.HOST, endpoint.authority());
              request.headers().set(HttpHeaderNames.ACCEPT, "text/plain");
              channel.writeAndFlush(request);
              loop.schedule(
                  () -> {
                    if (answer.completeExceptionally(
                        new IOException("no answer from the kubelet at " + endpoint))) {
                      channel.close();
                    }
                  },
                  timeout.toMillis(),
                  TimeUnit.MILLISECONDS);
            });
    return answer;
  }

  /**
   * Connects to a kubelet; the future completes once the TLS handshake is done (a certificate the
   * trust bundle does not accept fails it, and closes the connection).
   *
   * @param init adds the handlers after {@code tls}
   */
  Future<Channel> connect(
      EventLoop loop, KubeletEndpoint endpoint, Consumer<ChannelPipeline> init) {
    Promise<Channel> connected = loop.newPromise();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    SslHandler tls = ssl.newHandler(ch.alloc(), endpoint.host(), endpoint.port());
                    SSLEngine engine = tls.engine();
                    SSLParameters parameters = engine.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    engine.setSSLParameters(parameters);
                    ch.pipeline().addLast("tls", tls);
                    init.accept(ch.pipeline());
                  }
                });
    bootstrap
        .connect(endpoint.host(), endpoint.port())
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                connected.tryFailure(f.cause());
                return;
              }
              f.channel()
                  .pipeline()
                  .get(SslHandler.class)
                  .handshakeFuture()
                  .addListener(
                      handshake -> {
                        if (handshake.isSuccess()) {
                          connected.trySuccess(f.channel());
                        } else {
                          f.channel().close();
                          connected.tryFailure(handshake.cause());
                        }
                      });
            });
    return connected;
  }
}
