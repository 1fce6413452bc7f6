package io.cubevk.adapter.fake.cloud;

import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * A command exec'd into a running container: a {@link Shell} in exec mode fed by the client's
 * stdin, its output sent to the client, ending with the exit code. With a tty, stderr is merged
 * into stdout, line ends become CR LF, and typed input is echoed, as a terminal does. If the
 * container stops, the command dies with it (exit 137).
 */
final class ExecStream implements ExecSession, StreamHub.Polled {

  private final StreamHub hub;
  private final Delivery delivery;
  private final Clock clock;
  private final CubeEntry entry;
  private final String container;
  private final ExecRequest request;
  private final ExecOutput output;
  private final Shell.Terminal terminal = new Shell.Terminal();
  private Shell shell;
  private boolean done;
  private boolean watched;

  private ExecStream(
      StreamHub hub, Clock clock, CubeEntry entry, ExecRequest request, ExecOutput output) {
    this.hub = hub;
    this.delivery = new Delivery(hub);
    this.clock = clock;
    this.entry = entry;
    this.container = request.container();
    this.request = request;
    this.output = output;
  }

  /**
   * Starts the command.
   *
   * @throws ApiError when the container does not exist or does not run
   */
  static ExecStream start(
      StreamHub hub, Clock clock, CubeEntry entry, ExecRequest request, ExecOutput output) {
    Instant now = clock.instant();
    requireRunning(entry, request.container(), now, "exec in");
    if (request.command().isEmpty()) {
      throw ApiError.refused(
          RetCodes.MISSING_PARAMS, "Missing params [command]: exec needs a command to run");
    }
    ExecStream stream = new ExecStream(hub, clock, entry, request, output);
    synchronized (stream) {
      Shell.Context ctx =
          entry.execContext(request.container(), request.stdin(), request.tty(), stream.terminal);
      stream.shell =
          new Shell(
              ctx, Shell.Mode.EXEC, request.command(), java.util.List.of(), now, stream::emit);
      stream.shell.runUntil(now);
      stream.afterStep();
    }
    return stream;
  }

  static void requireRunning(CubeEntry entry, String container, Instant now, String what) {
    boolean running =
        entry
            .withContainer(container, now, ContainerSim::running)
            .orElseThrow(() -> LogStream.noSuchContainer(entry, container));
    if (!running || entry.deleting()) {
      throw ApiError.invalid(
          "cannot "
              + what
              + " container \""
              + container
              + "\" of "
              + entry.id
              + ": it is not running");
    }
  }

  @Override
  public void stdin(byte[] bytes) {
    if (!request.stdin()) {
      return;
    }
    synchronized (this) {
      if (done) {
        return;
      }
      shell.input(bytes, clock.instant());
      afterStep();
    }
  }

  @Override
  public void closeStdin() {
    synchronized (this) {
      if (done) {
        return;
      }
      shell.endOfInput(clock.instant());
      afterStep();
    }
  }

  @Override
  public void resize(int columns, int rows) {
    terminal.columns = columns;
    terminal.rows = rows;
  }

  @Override
  public void poll(Instant now) {
    synchronized (this) {
      if (done) {
        return;
      }
      boolean running =
          !entry.deleting()
              && entry.withContainer(container, now, ContainerSim::running).orElse(false);
      if (running) {
        shell.runUntil(now);
      } else {
        shell.kill(now, ContainerSim.KILLED);
      }
      afterStep();
    }
  }

  private void emit(Instant at, boolean stderr, String text) {
    boolean toStdout = !stderr || request.tty();
    if ((toStdout && !request.stdout()) || (!toStdout && !request.stderr())) {
      return;
    }
    String shown = request.tty() ? text.replaceAll("(?<!\r)\n", "\r\n") : text;
    byte[] bytes = shown.getBytes(StandardCharsets.UTF_8);
    delivery.submit(
        () -> {
          if (toStdout) {
            output.stdout(bytes);
          } else {
            output.stderr(bytes);
          }
        });
  }

  private void afterStep() {
    if (shell.finished()) {
      done = true;
      hub.closed(this);
      int code = shell.exitCode();
      delivery.submit(() -> output.exited(code));
    } else if (!watched) {
      watched = true;
      hub.open(this); // still running: watch the clock (sleeps) and the container (stops)
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      done = true;
    }
    hub.closed(this);
    delivery.close();
  }
}
