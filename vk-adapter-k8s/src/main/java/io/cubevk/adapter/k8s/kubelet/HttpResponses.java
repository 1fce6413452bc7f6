package io.cubevk.adapter.k8s.kubelet;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Complete (non-streamed) responses, written as kubelet writes them. */
final class HttpResponses {

  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json";

  private HttpResponses() {}

  static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set("X-Content-Type-Options", "nosniff");
    return response;
  }

  /** A plain-text body; go-restful's {@code WriteErrorString} writes errors this way. */
  static FullHttpResponse text(HttpResponseStatus status, String body) {
    return of(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The answer beyond the stream limit: try again in a second. */
  static FullHttpResponse tooManyStreams(int limit) {
    FullHttpResponse response =
        text(
            HttpResponseStatus.TOO_MANY_REQUESTS,
            "too many concurrent streams on this kubelet (limit " + limit + "); try again");
    response.headers().set(HttpHeaderNames.RETRY_AFTER, 1);
    return response;
  }

  /** Writes a response, then closes the connection unless it is kept alive. */
  static ChannelFuture write(Channel channel, FullHttpResponse response, boolean keepAlive) {
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture future = channel.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
    return future;
  }
}
