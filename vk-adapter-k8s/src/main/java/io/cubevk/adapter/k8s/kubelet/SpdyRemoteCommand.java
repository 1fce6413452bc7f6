package io.cubevk.adapter.k8s.kubelet;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec and attach over SPDY ({@code channel.k8s.io} and {@code v2}–{@code v4.channel.k8s.io}): the
 * client opens one stream per channel, typed by its {@code streamtype} header ({@code error},
 * {@code stdin}, {@code stdout}, {@code stderr}, and from v3 {@code resize} with a tty). Once all
 * expected streams are there the session's output flows; at the end the status goes on the error
 * stream (a JSON {@code Status} from v4 on, the bare message before), every stream is finished and
 * the session goes away.
 */
final class SpdyRemoteCommand implements SpdySession.Protocol, RemoteCommandBridge.Transport {

  private static final Logger log = LoggerFactory.getLogger(SpdyRemoteCommand.class);

  enum Version {
    V1("channel.k8s.io"),
    V2("v2.channel.k8s.io"),
    V3("v3.channel.k8s.io"),
    V4("v4.channel.k8s.io");

    final String protocol;

    Version(String protocol) {
      this.protocol = protocol;
    }

    static Version of(String protocol) {
      for (Version v : values()) {
        if (v.protocol.equals(protocol)) {
          return v;
        }
      }
      throw new IllegalArgumentException(protocol);
    }
  }

  /** Our choices, best first: kubelet's SPDY server speaks these (v5 is WebSocket only). */
  static final java.util.List<String> PROTOCOLS =
      java.util.List.of(
          Version.V4.protocol, Version.V3.protocol, Version.V2.protocol, Version.V1.protocol);

  private enum StreamType {
    ERROR,
    STDIN,
    STDOUT,
    STDERR,
    RESIZE
  }

  private final Version version;
  private final RemoteCommandOptions options;
  private final RemoteCommandBridge bridge;
  private final EventLoop loop;
  private final Duration creationTimeout;
  private final OutboundBudget budget;
  private final Map<StreamType, SpdyStream> streams = new EnumMap<>(StreamType.class);
  private final int expected;
  private SpdySession session;
  private ScheduledFuture<?> creationTimer;
  private boolean ready;

  SpdyRemoteCommand(
      Version version,
      RemoteCommandOptions options,
      RemoteCommandBridge bridge,
      EventLoop loop,
      Duration creationTimeout,
      long maxBufferedBytes) {
    this.version = version;
    this.options = options;
    this.bridge = bridge;
    this.loop = loop;
    this.creationTimeout = creationTimeout;
    this.budget = new OutboundBudget(maxBufferedBytes);
    int count = 1;
    count += options.stdin() ? 1 : 0;
    count += options.stdout() ? 1 : 0;
    count += options.stderr() ? 1 : 0;
    count += options.tty() && version.compareTo(Version.V3) >= 0 ? 1 : 0;
    this.expected = count;
  }

  void start(SpdySession session) {
    this.session = session;
    creationTimer =
        loop.schedule(
            () -> {
              if (!ready) {
                log.warn("Timed out waiting for the client to create its exec streams");
                bridge.clientGone();
                session.goAway();
              }
            },
            creationTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void streamOpened(SpdyStream stream) {
    StreamType type;
    try {
      type =
          StreamType.valueOf(
              stream.header("streamtype").orElse("").toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      log.debug("Unexpected stream type {}", stream.header("streamtype").orElse("(none)"));
      stream.reset(SpdyStreamStatus.PROTOCOL_ERROR);
      return;
    }
    if (ready || streams.containsKey(type)) {
      stream.reset(SpdyStreamStatus.PROTOCOL_ERROR);
      return;
    }
    streams.put(type, stream);
    switch (type) {
      case STDIN:
        stream.receiver(
            new Receiving() {
              @Override
              public void data(byte[] bytes) {
                bridge.stdin(bytes);
              }

              @Override
              public void remoteClosed() {
                bridge.stdinClosed();
              }
            });
        break;
      case RESIZE:
        TerminalSizes sizes = new TerminalSizes(bridge::resize);
        stream.receiver(
            new Receiving() {
              @Override
              public void data(byte[] bytes) {
                sizes.feed(bytes);
              }
            });
        break;
      default:
        // error, stdout, stderr: the client only reads them.
        break;
    }
    if (streams.size() == expected) {
      ready = true;
      if (creationTimer != null) {
        creationTimer.cancel(false);
      }
      bridge.attach(this);
    }
  }

  /** Receiver whose resets and closes need no action beyond the session's own. */
  private abstract static class Receiving implements SpdyStream.Receiver {
    @Override
    public void remoteClosed() {}

    @Override
    public void reset() {}
  }

  @Override
  public void stdout(byte[] bytes) {
    send(streams.get(StreamType.STDOUT), bytes);
  }

  @Override
  public void stderr(byte[] bytes) {
    send(streams.get(StreamType.STDERR), bytes);
  }

  private void send(SpdyStream stream, byte[] bytes) {
    if (stream == null) {
      return; // the client did not ask for this stream
    }
    stream.write(bytes).ifPresent(f -> budget.track(f, bytes.length));
    if (budget.exceeded()) {
      log.warn("Exec output cut: the client reads slower than the command writes");
      abort();
    }
  }

  @Override
  public void finish(Statuses.Outcome outcome) {
    finishIfPresent(StreamType.STDOUT);
    finishIfPresent(StreamType.STDERR);
    SpdyStream error = streams.get(StreamType.ERROR);
    if (error != null) {
      String command = options.describeCommand();
      error.write(
          version == Version.V4
              ? Statuses.json(outcome, command)
              : Statuses.text(outcome, command));
      error.finish();
    }
    finishIfPresent(StreamType.RESIZE);
    finishIfPresent(StreamType.STDIN);
    session.goAway();
  }

  private void finishIfPresent(StreamType type) {
    SpdyStream stream = streams.get(type);
    if (stream != null) {
      stream.finish();
    }
  }

  @Override
  public boolean writable() {
    return session.isWritable();
  }

  @Override
  public void abort() {
    streams.values().forEach(s -> s.reset(SpdyStreamStatus.CANCEL));
    session.goAway();
  }

  @Override
  public void writabilityChanged(boolean writable) {
    bridge.writabilityChanged(writable);
  }

  @Override
  public void sessionClosed() {
    if (creationTimer != null) {
      creationTimer.cancel(false);
    }
    bridge.clientGone();
  }
}
