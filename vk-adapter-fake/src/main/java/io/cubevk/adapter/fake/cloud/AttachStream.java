package io.cubevk.adapter.fake.cloud;

import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * An attach to a container's main process: what the process writes from now on (its new log lines),
 * and, with stdin, the client's input, which the fake's processes echo to their output (and so to
 * the log) as a process reading its terminal would. It ends with the process's exit code when the
 * run ends; closing detaches without stopping the container.
 */
final class AttachStream implements ExecSession, StreamHub.Polled {

  private final StreamHub hub;
  private final Delivery delivery;
  private final Clock clock;
  private final CubeEntry entry;
  private final ExecRequest request;
  private final ExecOutput output;
  private final LogRing ring;
  private long cursor;
  private boolean done;

  private AttachStream(
      StreamHub hub,
      Clock clock,
      CubeEntry entry,
      ExecRequest request,
      ExecOutput output,
      LogRing ring) {
    this.hub = hub;
    this.delivery = new Delivery(hub);
    this.clock = clock;
    this.entry = entry;
    this.request = request;
    this.output = output;
    this.ring = ring;
    this.cursor = ring.lastSeq();
  }

  static AttachStream start(
      StreamHub hub, Clock clock, CubeEntry entry, ExecRequest request, ExecOutput output) {
    Instant now = clock.instant();
    ExecStream.requireRunning(entry, request.container(), now, "attach to");
    LogRing ring =
        entry
            .withContainer(request.container(), now, c -> c.currentLog().orElseThrow())
            .orElseThrow();
    AttachStream stream;
    synchronized (entry) {
      stream = new AttachStream(hub, clock, entry, request, output, ring);
    }
    hub.open(stream);
    return stream;
  }

  @Override
  public void stdin(byte[] bytes) {
    if (!request.stdin()) {
      return;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (request.tty()) {
      text = text.replace('\r', '\n');
    }
    String input = text;
    Instant now = clock.instant();
    entry.withContainer(
        request.container(),
        now,
        c -> {
          c.attachedInput(now, input);
          return null;
        });
    poll(now);
  }

  @Override
  public void closeStdin() {
    // Closing stdin detaches nothing: the process keeps running, as with kubectl attach.
  }

  @Override
  public void resize(int columns, int rows) {
    // The fake's processes do not draw on the terminal; the size changes nothing they print.
  }

  @Override
  public void poll(Instant now) {
    record News(List<LogRing.Line> lines, boolean ended, int exitCode) {}
    long from;
    synchronized (this) {
      if (done) {
        return;
      }
      from = cursor;
    }
    News news =
        entry
            .withContainer(
                request.container(),
                now,
                c -> {
                  boolean ended =
                      entry.deleting() || !c.running() || c.currentLog().orElse(null) != ring;
                  return new News(ring.after(from), ended, ended ? c.lastExitCode().orElse(0) : 0);
                })
            .orElse(new News(List.of(), true, ContainerSim.KILLED));
    synchronized (this) {
      if (done) {
        return;
      }
      // A stdin write and the hub's poll may both have read past the same cursor: lines the
      // other one already delivered are skipped, or the client would see its input twice.
      long delivered = cursor;
      List<LogRing.Line> fresh = news.lines().stream().filter(l -> l.seq() > delivered).toList();
      if (!fresh.isEmpty()) {
        cursor = fresh.get(fresh.size() - 1).seq();
        StringBuilder text = new StringBuilder();
        fresh.forEach(l -> text.append(l.withTerminator()));
        String shown =
            request.tty() ? text.toString().replaceAll("(?<!\r)\n", "\r\n") : text.toString();
        byte[] bytes = shown.getBytes(StandardCharsets.UTF_8);
        if (request.stdout()) {
          delivery.submit(() -> output.stdout(bytes));
        }
      }
      if (news.ended()) {
        done = true;
        hub.closed(this);
        int code = news.exitCode();
        delivery.submit(() -> output.exited(code));
      }
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
