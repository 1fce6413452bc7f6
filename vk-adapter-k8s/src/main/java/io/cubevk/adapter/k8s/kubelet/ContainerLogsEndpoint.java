package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.PodRef;
import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.StreamHandle;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /containerLogs/{ns}/{pod}/{container}}: the container's log as a chunked {@code
 * text/plain} body, flushed as each piece arrives (so {@code logs -f} shows lines as they are
 * written). No thread is held while a stream is open: the cloud pushes into a {@link ByteSink}
 * whose calls are hopped onto the connection's event loop.
 */
final class ContainerLogsEndpoint {

  private static final Logger log = LoggerFactory.getLogger(ContainerLogsEndpoint.class);

  private ContainerLogsEndpoint() {}

  static void serve(Exchange exchange, Route route) {
    LogQuery.Parsed parsed = LogQuery.parse(exchange.request(), exchange.server().clock());
    if (parsed.refusal().isPresent()) {
      LogQuery.Refusal refusal = parsed.refusal().get();
      exchange.respond(refusal.status(), refusal.body());
      return;
    }
    LogOptions options = parsed.options().orElseThrow();
    StreamLimiter slots = exchange.server().streamSlots();
    StreamLimiter.Permit permit = slots.tryPermit();
    if (permit == null) {
      exchange.respond(HttpResponses.tooManyStreams(slots.limit()));
      return;
    }
    LogStream stream = new LogStream(exchange, route, options, permit);
    PodRef pod = route.podRef();
    String container = route.containerName();
    exchange.offload(
        () -> exchange.server().streams().logs(pod, container, options, stream),
        stream::opened,
        stream::openFailed);
  }

  /** One log response. State is confined to the connection's event loop. */
  private static final class LogStream implements ByteSink, KubeletRequestHandler.ActiveStream {

    private enum State {
      OPENING,
      STREAMING,
      DONE
    }

    private final Exchange exchange;
    private final Route route;
    private final Channel channel;
    private final EventLoop loop;
    private final StreamLimiter.Permit permit;
    private final OutboundBudget budget;
    private final SourcePause pause = new SourcePause();
    private final long limitBytes;
    private final Deque<Runnable> early = new ArrayDeque<>();
    private State state = State.OPENING;
    private StreamHandle handle;
    private CloudFailure earlyFailure;
    private long written;

    LogStream(Exchange exchange, Route route, LogOptions options, StreamLimiter.Permit permit) {
      this.exchange = exchange;
      this.route = route;
      this.channel = exchange.channel();
      this.loop = channel.eventLoop();
      this.permit = permit;
      this.budget = new OutboundBudget(exchange.server().limits().maxBufferedBytesPerStream());
      this.limitBytes = options.limitBytes().orElse(Long.MAX_VALUE);
    }

    // ByteSink: called on the cloud's threads, one at a time, in order.

    @Override
    public void write(byte[] bytes) {
      loop.execute(() -> whenStreaming(() -> send(bytes)));
    }

    @Override
    public void end() {
      loop.execute(() -> whenStreaming(this::finish));
    }

    @Override
    public void fail(CloudFailure failure) {
      loop.execute(
          () -> {
            if (state == State.OPENING && early.isEmpty()) {
              // Nothing to send yet: the failure can still become the response's status.
              earlyFailure = failure;
              return;
            }
            whenStreaming(
                () -> {
                  log.warn(
                      "Log stream of {}/{} failed: {}",
                      route.podRef(),
                      route.containerName(),
                      failure.getMessage());
                  abort();
                });
          });
    }

    private void whenStreaming(Runnable action) {
      if (state == State.OPENING) {
        early.add(action);
      } else if (state == State.STREAMING) {
        action.run();
      }
    }

    // Event loop.

    void opened(StreamHandle handle) {
      this.handle = handle;
      pause.source(handle);
      if (state == State.DONE) {
        handle.close();
        return;
      }
      if (!channel.isActive()) {
        state = State.DONE;
        handle.close();
        permit.release();
        return;
      }
      if (earlyFailure != null) {
        // The use case reported the failure through the sink before returning its handle.
        state = State.DONE;
        handle.close();
        permit.release();
        exchange.respond(
            StreamFailures.response(
                earlyFailure, Route.Kind.CONTAINER_LOGS, route.podRef(), route.containerName()));
        return;
      }
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.TEXT);
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      head.headers().set("X-Content-Type-Options", "nosniff");
      channel.writeAndFlush(head);
      state = State.STREAMING;
      exchange.beginStreaming(this);
      while (!early.isEmpty() && state == State.STREAMING) {
        early.poll().run();
      }
      early.clear();
    }

    void openFailed(Throwable failure) {
      state = State.DONE;
      permit.release();
      exchange.respond(
          StreamFailures.response(
              failure, Route.Kind.CONTAINER_LOGS, route.podRef(), route.containerName()));
    }

    private void send(byte[] bytes) {
      int length = bytes.length;
      boolean last = false;
      if (written + length >= limitBytes) {
        // kubelet's LimitWriter: stop at limitBytes even if the source overshoots.
        length = (int) (limitBytes - written);
        last = true;
      }
      if (length > 0) {
        written += length;
        ChannelFuture future =
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes, 0, length)));
        budget.track(future, length);
      }
      if (last) {
        finish();
        return;
      }
      pause.update(channel.isWritable());
      if (budget.exceeded()) {
        log.warn(
            "Log stream of {}/{} cut: the client reads slower than the log grows ({} bytes waiting)",
            route.podRef(),
            route.containerName(),
            budget.pending());
        abort();
      }
    }

    private void finish() {
      if (state != State.STREAMING) {
        return;
      }
      state = State.DONE;
      closeHandle();
      permit.release();
      exchange.endStream(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /** Ends the response without its last chunk, so that the client sees the stream broke. */
    private void abort() {
      state = State.DONE;
      closeHandle();
      permit.release();
      channel.close();
    }

    private void closeHandle() {
      Optional.ofNullable(handle).ifPresent(StreamHandle::close);
    }

    @Override
    public void writabilityChanged(boolean writable) {
      if (state == State.STREAMING) {
        pause.update(writable);
      }
    }

    @Override
    public void connectionClosed() {
      if (state != State.DONE) {
        state = State.DONE;
        closeHandle();
        permit.release();
      }
    }
  }
}
