package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.in.PodRef;
import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.PortForwardSession;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * One forwarded connection to a pod's port, between the cloud's {@link PortForwardSession} and a
 * client transport (a SPDY data/error stream pair, or a pair of WebSocket channels). What the
 * client sends before the session is open waits here. Confined to the connection's event loop.
 */
final class PortForwardBridge implements ByteSink {

  /** The client's side of one forwarded connection. Event loop only. */
  interface Transport {
    void data(byte[] bytes);

    /** A failure, written on the error stream or channel as kubelet writes it. */
    void error(String message);

    /** No more data from the pod: end the client's streams. */
    void finished();

    /** Whether the connection takes more data without queueing. */
    boolean writable();
  }

  private final EventLoop loop;
  private final PodRef pod;
  private final int port;
  private final Transport transport;
  private final List<byte[]> toPod = new ArrayList<>();
  private final SourcePause pause = new SourcePause();
  private PortForwardSession session;
  private boolean outputClosed;
  private boolean done;

  PortForwardBridge(EventLoop loop, PodRef pod, int port, Transport transport) {
    this.loop = loop;
    this.pod = pod;
    this.port = port;
    this.transport = transport;
  }

  /** Opens the session off the event loop (the use case may call the cloud). */
  void open(ContainerStreamsUseCase streams, ExecutorService blocking) {
    try {
      blocking.execute(
          () -> {
            try {
              PortForwardSession opened = streams.portForward(pod, port, this);
              loop.execute(() -> opened(opened));
            } catch (RuntimeException e) {
              loop.execute(() -> failed(StreamFailures.message(e)));
            }
          });
    } catch (RejectedExecutionException e) {
      failed("the kubelet API is busy; try again");
    }
  }

  // ByteSink: the cloud's threads.

  @Override
  public void write(byte[] bytes) {
    loop.execute(
        () -> {
          if (!done) {
            transport.data(bytes);
            pause.update(transport.writable());
          }
        });
  }

  @Override
  public void end() {
    loop.execute(this::finish);
  }

  @Override
  public void fail(CloudFailure failure) {
    loop.execute(() -> failed(StreamFailures.message(failure)));
  }

  // Event loop.

  private void opened(PortForwardSession session) {
    this.session = session;
    pause.source(session);
    if (done) {
      session.close();
      return;
    }
    toPod.forEach(session::send);
    toPod.clear();
    if (outputClosed) {
      session.closeOutput();
    }
  }

  private void failed(String message) {
    if (done) {
      return;
    }
    transport.error("error forwarding port " + port + " to pod " + pod + ": " + message);
    finish();
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    if (session != null) {
      session.close();
    }
    transport.finished();
  }

  void fromClient(byte[] bytes) {
    if (done) {
      return;
    }
    if (session == null) {
      toPod.add(bytes);
    } else {
      session.send(bytes);
    }
  }

  void clientClosedOutput() {
    if (done) {
      return;
    }
    if (session == null) {
      outputClosed = true;
    } else {
      session.closeOutput();
    }
  }

  void writabilityChanged(boolean writable) {
    if (!done) {
      pause.update(writable);
    }
  }

  /** The client's side is gone: the session is stopped (idempotent). */
  void clientGone() {
    if (done) {
      return;
    }
    done = true;
    toPod.clear();
    if (session != null) {
      session.close();
    }
  }

  boolean isDone() {
    return done;
  }
}
