package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecSession;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Joins an exec or attach session of the cloud to the client's transport (WebSocket channels or
 * SPDY streams). The session is opened before the connection is upgraded (so that a missing pod is
 * still a 404), and over SPDY the client creates its streams only after the upgrade: whatever the
 * session produces before the transport is ready waits here, up to the stream buffer budget.
 * Confined to the connection's event loop; the cloud's callbacks hop onto it.
 */
final class RemoteCommandBridge implements ExecOutput {

  /** The client's side: where output and the final status go. Event loop only. */
  interface Transport {
    void stdout(byte[] bytes);

    void stderr(byte[] bytes);

    /** The command ended: write the status, end the streams, close the connection. */
    void finish(Statuses.Outcome outcome);

    /** Give up on the connection (the client is too slow, or something broke). */
    void abort();

    /** Whether the connection takes more output without queueing. */
    boolean writable();
  }

  private final EventLoop loop;
  private final StreamLimiter.Permit permit;
  private final long maxEarlyBytes;
  private final Deque<Consumer<Transport>> early = new ArrayDeque<>();
  private final SourcePause pause = new SourcePause();
  private long earlyBytes;
  private ExecSession session;
  private Transport transport;
  private boolean finished;
  private boolean gone;

  RemoteCommandBridge(EventLoop loop, StreamLimiter.Permit permit, long maxEarlyBytes) {
    this.loop = loop;
    this.permit = permit;
    this.maxEarlyBytes = maxEarlyBytes;
  }

  // ExecOutput: the cloud's threads.

  @Override
  public void stdout(byte[] bytes) {
    loop.execute(() -> deliver(t -> t.stdout(bytes), bytes.length));
  }

  @Override
  public void stderr(byte[] bytes) {
    loop.execute(() -> deliver(t -> t.stderr(bytes), bytes.length));
  }

  @Override
  public void exited(int exitCode) {
    loop.execute(() -> end(new Statuses.Exited(exitCode)));
  }

  @Override
  public void failed(CloudFailure failure) {
    loop.execute(() -> end(new Statuses.Failed(StreamFailures.message(failure))));
  }

  // Event loop.

  private void deliver(Consumer<Transport> output, int size) {
    if (finished || gone) {
      return;
    }
    if (transport != null) {
      output.accept(transport);
      pause.update(transport.writable());
      return;
    }
    earlyBytes += size;
    if (earlyBytes > maxEarlyBytes) {
      // The client did not set up its streams while the command kept talking.
      clientGone();
      return;
    }
    early.add(output);
  }

  private void end(Statuses.Outcome outcome) {
    if (finished || gone) {
      return;
    }
    finished = true;
    if (transport != null) {
      transport.finish(outcome);
    } else {
      early.add(t -> t.finish(outcome));
    }
    permit.release();
  }

  /** The session the use case opened; closed at once if the client left meanwhile. */
  void opened(ExecSession session) {
    this.session = session;
    pause.source(session);
    if (gone) {
      session.close();
    }
  }

  /** The client's streams are ready: what waited is written, then output flows directly. */
  void attach(Transport transport) {
    if (gone) {
      return;
    }
    this.transport = transport;
    while (!early.isEmpty()) {
      early.poll().accept(transport);
    }
  }

  void stdin(byte[] bytes) {
    if (session != null && !gone) {
      session.stdin(bytes);
    }
  }

  void stdinClosed() {
    if (session != null && !gone) {
      session.closeStdin();
    }
  }

  void resize(int columns, int rows) {
    if (session != null && !gone) {
      session.resize(columns, rows);
    }
  }

  void writabilityChanged(boolean writable) {
    if (!gone) {
      pause.update(writable);
    }
  }

  /** The connection closed: the session is stopped (idempotent). */
  void clientGone() {
    if (gone) {
      return;
    }
    gone = true;
    early.clear();
    if (session != null) {
      session.close();
    }
    if (transport != null && !finished) {
      transport.abort();
    }
    permit.release();
  }
}
