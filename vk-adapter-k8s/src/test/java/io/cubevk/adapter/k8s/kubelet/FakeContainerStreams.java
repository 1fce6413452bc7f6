package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.in.PodRef;
import io.cubevk.ports.in.StreamTargetUnavailable;
import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.PortForwardSession;
import io.cubevk.ports.out.cloud.StreamHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test cloud behind {@link ContainerStreamsUseCase}, with state the tests can watch: pods and
 * their containers, each container's log (lines, plus followers that receive what {@link #append}
 * adds), a tiny shell for exec ({@code echo}, {@code cat}, {@code exit N}, {@code fail}, {@code
 * stderr}), and an echo service on every port ({@code HELLO} back for {@code hello}). Every call is
 * counted.
 */
final class FakeContainerStreams implements ContainerStreamsUseCase {

  static final String NS = "default";
  static final String POD = "web";
  static final String CONTAINER = "app";
  static final String STOPPED_CONTAINER = "stopped";
  static final PodRef WEB = PodRef.of(NS, POD);
  static final String TIMESTAMP = "2026-11-26T10:00:00.000000000Z";

  private final Map<String, List<String>> logs = new ConcurrentHashMap<>();
  private final List<Follower> followers = new CopyOnWriteArrayList<>();
  final List<LogOptions> logRequests = new CopyOnWriteArrayList<>();
  final List<ExecRequest> execRequests = new CopyOnWriteArrayList<>();
  final List<Integer> portForwards = new CopyOnWriteArrayList<>();
  final List<String> resizes = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger openSessions = new AtomicInteger();
  final AtomicInteger pauses = new AtomicInteger();
  volatile CloudFailure logFailure;

  FakeContainerStreams() {
    reset();
  }

  /** Back to the initial log, with nothing recorded (followers are the tests' to close). */
  void reset() {
    logs.put(CONTAINER, new CopyOnWriteArrayList<>(List.of("line 1", "line 2", "line 3")));
    logRequests.clear();
    execRequests.clear();
    portForwards.clear();
    resizes.clear();
    calls.set(0);
    pauses.set(0);
    logFailure = null;
  }

  private void check(PodRef pod, String container) {
    if (!pod.equals(WEB)) {
      throw new StreamTargetUnavailable(
          StreamTargetUnavailable.Reason.POD_NOT_FOUND, "pod " + pod + " is not on this node");
    }
    if (container != null && container.equals(STOPPED_CONTAINER)) {
      throw new StreamTargetUnavailable(
          StreamTargetUnavailable.Reason.CONTAINER_NOT_RUNNING,
          "container \"stopped\" in pod \"web\" is waiting to start: ContainerCreating");
    }
    if (container != null && !container.equals(CONTAINER)) {
      throw new StreamTargetUnavailable(
          StreamTargetUnavailable.Reason.CONTAINER_NOT_FOUND, "no container " + container);
    }
  }

  // ---- logs

  /** Adds a line to the container's log and pushes it to every follower. */
  void append(String line) {
    logs.get(CONTAINER).add(line);
    for (Follower follower : followers) {
      follower.push(line);
    }
  }

  int followers() {
    return followers.size();
  }

  private final class Follower implements StreamHandle {
    final ByteSink sink;
    final boolean timestamps;

    Follower(ByteSink sink, boolean timestamps) {
      this.sink = sink;
      this.timestamps = timestamps;
    }

    synchronized void push(String line) {
      if (followers.contains(this)) {
        sink.write(render(line, timestamps));
      }
    }

    @Override
    public void close() {
      followers.remove(this);
    }

    @Override
    public void pause() {
      pauses.incrementAndGet();
    }
  }

  private static byte[] render(String line, boolean timestamps) {
    return ((timestamps ? TIMESTAMP + " " : "") + line + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public StreamHandle logs(PodRef pod, String container, LogOptions options, ByteSink sink) {
    calls.incrementAndGet();
    check(pod, container);
    logRequests.add(options);
    if (logFailure != null) {
      throw logFailure;
    }
    List<String> lines = new ArrayList<>(logs.get(container));
    if (options.tailLines().isPresent()) {
      lines = lines.subList(Math.max(0, lines.size() - options.tailLines().get()), lines.size());
    }
    for (String line : lines) {
      sink.write(render(line, options.timestamps()));
    }
    if (!options.follow()) {
      sink.end();
      return () -> {};
    }
    Follower follower = new Follower(sink, options.timestamps());
    followers.add(follower);
    return follower;
  }

  // ---- exec and attach: a tiny shell

  @Override
  public ExecSession exec(PodRef pod, ExecRequest request, ExecOutput output) {
    calls.incrementAndGet();
    check(pod, request.container());
    execRequests.add(request);
    return new Shell(request, output);
  }

  @Override
  public ExecSession attach(PodRef pod, ExecRequest request, ExecOutput output) {
    calls.incrementAndGet();
    check(pod, request.container());
    execRequests.add(request);
    // Attaching to the container's main process: a cat.
    return new Shell(
        new ExecRequest.Builder()
            .container(request.container())
            .addCommand("cat")
            .stdin(request.stdin())
            .stdout(request.stdout())
            .stderr(request.stderr())
            .tty(request.tty())
            .build(),
        output);
  }

  private final class Shell implements ExecSession {
    private final ExecRequest request;
    private final ExecOutput output;
    private boolean ended;

    Shell(ExecRequest request, ExecOutput output) {
      this.request = request;
      this.output = output;
      openSessions.incrementAndGet();
      List<String> command = request.command();
      String verb = command.isEmpty() ? "" : command.get(0);
      switch (verb) {
        case "echo":
          output.stdout(bytes(String.join(" ", command.subList(1, command.size())) + "\n"));
          exit(0);
          break;
        case "stderr":
          output.stderr(bytes(String.join(" ", command.subList(1, command.size())) + "\n"));
          exit(1);
          break;
        case "exit":
          exit(Integer.parseInt(command.get(1)));
          break;
        case "fail":
          end();
          output.failed(new CloudFailure.Unavailable("the Cube went away"));
          break;
        case "big":
          output.stdout(new byte[Integer.parseInt(command.get(1))]);
          exit(0);
          break;
        default:
          // cat (and anything else): echo stdin until it closes
          break;
      }
    }

    private synchronized void exit(int code) {
      if (!ended) {
        end();
        output.exited(code);
      }
    }

    private void end() {
      ended = true;
      openSessions.decrementAndGet();
    }

    @Override
    public synchronized void stdin(byte[] bytes) {
      if (!ended) {
        output.stdout(bytes);
      }
    }

    @Override
    public void closeStdin() {
      exit(0);
    }

    @Override
    public void resize(int columns, int rows) {
      resizes.add(columns + "x" + rows);
      if (!ended && request.tty()) {
        output.stdout(bytes("resized to " + columns + "x" + rows + "\n"));
      }
    }

    @Override
    public synchronized void close() {
      if (!ended) {
        end();
      }
    }
  }

  // ---- port forward: an echo service that shouts back

  @Override
  public PortForwardSession portForward(PodRef pod, int port, ByteSink fromCube) {
    calls.incrementAndGet();
    check(pod, null);
    portForwards.add(port);
    if (port == 1) {
      throw new CloudFailure.Unsupported(CloudCapability.PORT_FORWARD, "nothing listens on 1");
    }
    openSessions.incrementAndGet();
    return new PortForwardSession() {
      private boolean closed;

      @Override
      public synchronized void send(byte[] bytes) {
        if (!closed) {
          fromCube.write(
              new String(bytes, StandardCharsets.UTF_8)
                  .toUpperCase(java.util.Locale.ROOT)
                  .getBytes(StandardCharsets.UTF_8));
        }
      }

      @Override
      public synchronized void closeOutput() {
        if (!closed) {
          fromCube.end();
          close();
        }
      }

      @Override
      public synchronized void close() {
        if (!closed) {
          closed = true;
          openSessions.decrementAndGet();
        }
      }
    };
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
