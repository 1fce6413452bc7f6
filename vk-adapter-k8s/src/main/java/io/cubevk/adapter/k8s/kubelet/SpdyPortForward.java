package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.PodRef;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port forwarding over SPDY ({@code portforward.k8s.io}), plain or tunnelled in a WebSocket: for
 * each local connection the client opens an {@code error} and a {@code data} stream carrying the
 * same {@code port} and {@code requestid} headers; once both are there the pod's port is connected.
 * Data flows on the data stream (a FIN from the client half-closes towards the pod); failures are
 * written as text on the error stream; both streams are finished when the pod's side ends. Many
 * connections share one session.
 */
final class SpdyPortForward implements SpdySession.Protocol {

  private static final Logger log = LoggerFactory.getLogger(SpdyPortForward.class);

  static final String PROTOCOL = "portforward.k8s.io";

  private final ServerContext server;
  private final PodRef pod;
  private final EventLoop loop;
  private final StreamLimiter.Permit permit;
  private final OutboundBudget budget;
  private final Map<String, Pair> pairs = new HashMap<>();
  private SpdySession session;

  SpdyPortForward(ServerContext server, PodRef pod, EventLoop loop, StreamLimiter.Permit permit) {
    this.server = server;
    this.pod = pod;
    this.loop = loop;
    this.permit = permit;
    this.budget = new OutboundBudget(server.limits().maxBufferedBytesPerStream());
  }

  void start(SpdySession session) {
    this.session = session;
  }

  /** The error and data streams of one forwarded connection. */
  private final class Pair implements PortForwardBridge.Transport {
    final String requestId;
    final int port;
    final ScheduledFuture<?> creationTimer;
    SpdyStream error;
    SpdyStream data;
    PortForwardBridge bridge;

    Pair(String requestId, int port) {
      this.requestId = requestId;
      this.port = port;
      this.creationTimer =
          loop.schedule(
              this::timedOut,
              server.limits().streamCreationTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
    }

    private void timedOut() {
      if (bridge == null) {
        log.warn("Port forward request {} timed out waiting for its streams", requestId);
        if (error != null) {
          error.write(
              ("timed out waiting for streams of request " + requestId)
                  .getBytes(StandardCharsets.UTF_8));
        }
        resetAll();
      }
    }

    void resetAll() {
      pairs.remove(requestId);
      if (error != null) {
        error.reset(SpdyStreamStatus.CANCEL);
      }
      if (data != null) {
        data.reset(SpdyStreamStatus.CANCEL);
      }
    }

    @Override
    public void data(byte[] bytes) {
      data.write(bytes).ifPresent(f -> budget.track(f, bytes.length));
      if (budget.exceeded()) {
        log.warn("Port forward to {} port {} cut: the client reads too slowly", pod, port);
        bridge.clientGone();
        resetAll();
      }
    }

    @Override
    public void error(String message) {
      error.write(message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void finished() {
      data.finish();
      error.finish();
      pairs.remove(requestId);
    }

    @Override
    public boolean writable() {
      return session.isWritable();
    }
  }

  @Override
  public void streamOpened(SpdyStream stream) {
    int port;
    try {
      port = Integer.parseInt(stream.header("port").orElse(""));
    } catch (NumberFormatException e) {
      port = 0;
    }
    String type = stream.header("streamtype").orElse("");
    if (port < 1 || port > 65535 || !(type.equals("error") || type.equals("data"))) {
      log.debug("Rejecting a port forward stream with port {} and type {}", port, type);
      stream.reset(SpdyStreamStatus.PROTOCOL_ERROR);
      return;
    }
    String requestId =
        stream
            .header("requestid")
            .orElse(
                // Clients too old to send request ids create error then data streams with
                // consecutive odd ids (kubelet's same best effort).
                Integer.toString(type.equals("error") ? stream.id() : stream.id() - 2));
    Pair pair = pairs.get(requestId);
    if (pair == null) {
      pair = new Pair(requestId, port);
      pairs.put(requestId, pair);
    }
    if (type.equals("error") ? pair.error != null : pair.data != null) {
      stream.reset(SpdyStreamStatus.PROTOCOL_ERROR);
      return;
    }
    if (type.equals("error")) {
      pair.error = stream;
      return;
    }
    pair.data = stream;
    if (pair.error == null) {
      return;
    }
    connect(pair);
  }

  private void connect(Pair pair) {
    pair.creationTimer.cancel(false);
    PortForwardBridge bridge = new PortForwardBridge(loop, pod, pair.port, pair);
    pair.bridge = bridge;
    pair.data.receiver(
        new SpdyStream.Receiver() {
          @Override
          public void data(byte[] bytes) {
            bridge.fromClient(bytes);
          }

          @Override
          public void remoteClosed() {
            bridge.clientClosedOutput();
          }

          @Override
          public void reset() {
            bridge.clientGone();
            pairs.remove(pair.requestId);
          }
        });
    bridge.open(server.streams(), server.blocking());
  }

  @Override
  public void writabilityChanged(boolean writable) {
    for (Pair pair : pairs.values()) {
      if (pair.bridge != null) {
        pair.bridge.writabilityChanged(writable);
      }
    }
  }

  @Override
  public void sessionClosed() {
    for (Pair pair : new ArrayList<>(pairs.values())) {
      pair.creationTimer.cancel(false);
      if (pair.bridge != null) {
        pair.bridge.clientGone();
      }
    }
    pairs.clear();
    permit.release();
  }
}
