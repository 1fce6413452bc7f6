package io.cubevk.adapter.k8s.kubelet;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One request on its way through the server. Everything here runs on the connection's event loop
 * except the {@link #offload offloaded} calls, whose results come back to it: authentication,
 * authorisation and the use cases may block (API server and cloud calls), event loops may not.
 */
final class Exchange {

  private final ChannelHandlerContext handlerContext;
  private final KubeletRequestHandler handler;
  private final ServerContext server;
  private final KubeletRequest request;

  Exchange(
      ChannelHandlerContext handlerContext,
      KubeletRequestHandler handler,
      ServerContext server,
      KubeletRequest request) {
    this.handlerContext = handlerContext;
    this.handler = handler;
    this.server = server;
    this.request = request;
  }

  KubeletRequest request() {
    return request;
  }

  ServerContext server() {
    return server;
  }

  Channel channel() {
    return handlerContext.channel();
  }

  /** Answers the request; the connection then takes the next one, or closes. */
  void respond(FullHttpResponse response) {
    HttpResponses.write(channel(), response, request.keepAlive());
    handler.requestDone(request.keepAlive());
  }

  void respond(HttpResponseStatus status, String text) {
    respond(HttpResponses.text(status, text));
  }

  /**
   * A streamed response was completed by {@code lastWrite}: the connection takes the next request,
   * or closes once the last write is out.
   */
  void endStream(io.netty.channel.ChannelFuture lastWrite) {
    if (!request.keepAlive()) {
      lastWrite.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    } else {
      setIdleTimeout(server.limits().requestIdleTimeout());
    }
    handler.requestDone(request.keepAlive());
  }

  /**
   * Runs a blocking call on the server's bounded pool and continues on the event loop. When the
   * pool is saturated the request is answered 503 at once rather than queued without bound.
   */
  <T> void offload(Callable<T> call, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
    Channel channel = channel();
    try {
      server
          .blocking()
          .execute(
              () -> {
                T result;
                try {
                  result = call.call();
                } catch (Throwable t) {
                  channel.eventLoop().execute(() -> onFailure.accept(t));
                  return;
                }
                channel.eventLoop().execute(() -> onSuccess.accept(result));
              });
    } catch (RejectedExecutionException e) {
      respond(
          HttpResponses.text(
              HttpResponseStatus.SERVICE_UNAVAILABLE, "the kubelet API is busy; try again"));
    }
  }

  /**
   * The response becomes a long-lived stream: the connection reads again (to notice the client
   * leaving) and idles out only after the streaming idle timeout.
   */
  void beginStreaming(KubeletRequestHandler.ActiveStream stream) {
    useStreamingIdleTimeout();
    handler.beginStreaming(stream);
    channel().config().setAutoRead(true);
  }

  /** Replaces the request idle timeout with the (long) streaming one. */
  void useStreamingIdleTimeout() {
    setIdleTimeout(server.limits().streamingIdleTimeout());
  }

  private void setIdleTimeout(java.time.Duration timeout) {
    channel()
        .pipeline()
        .replace(
            KubeletApiServer.IDLE_HANDLER,
            KubeletApiServer.IDLE_HANDLER,
            new IdleStateHandler(0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** The connection leaves HTTP (an upgrade): the request handler steps out of the pipeline. */
  void handOver() {
    channel().pipeline().remove(handler);
  }
}
