package io.cubevk.adapter.fake.cloud;

import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.StreamHandle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's log sent to a sink with kubelet's options: the current run's lines (or the previous
 * run's), since a time, the last N, with timestamps, up to a byte limit; with follow, new lines as
 * the process writes them until its run ends.
 */
final class LogStream implements StreamHandle, StreamHub.Polled {

  private final StreamHub hub;
  private final Delivery delivery;
  private final CubeEntry entry;
  private final String container;
  private final LogOptions options;
  private final ByteSink sink;
  private final LogRing ring;
  private long cursor;
  private long bytesLeft;
  private boolean ended;

  private LogStream(
      StreamHub hub,
      CubeEntry entry,
      String container,
      LogOptions options,
      ByteSink sink,
      LogRing ring) {
    this.hub = hub;
    this.delivery = new Delivery(hub);
    this.entry = entry;
    this.container = container;
    this.options = options;
    this.sink = sink;
    this.ring = ring;
    this.bytesLeft = options.limitBytes().orElse(Long.MAX_VALUE);
  }

  /**
   * Opens the stream: the lines so far are sent at once; with follow, the stream stays open.
   *
   * @throws ApiError when the container does not exist or has no such log yet
   */
  static LogStream open(
      StreamHub hub,
      CubeEntry entry,
      String container,
      LogOptions options,
      ByteSink sink,
      Instant now) {
    record Start(LogRing ring, List<LogRing.Line> lines, boolean follow) {}
    Start start =
        entry
            .withContainer(
                container,
                now,
                c -> {
                  LogRing ring;
                  if (options.previous()) {
                    ring =
                        c.previousLog()
                            .orElseThrow(
                                () ->
                                    ApiError.invalid(
                                        "previous terminated container \""
                                            + container
                                            + "\" in pod \""
                                            + entry.spec().name()
                                            + "\" not found"));
                  } else {
                    ring =
                        c.currentLog()
                            .orElseThrow(
                                () ->
                                    ApiError.invalid(
                                        "container \""
                                            + container
                                            + "\" in pod \""
                                            + entry.spec().name()
                                            + "\" is waiting to start"));
                  }
                  boolean follow =
                      options.follow() && !options.previous() && c.running() && !entry.deleting();
                  return new Start(ring, ring.all(), follow);
                })
            .orElseThrow(() -> noSuchContainer(entry, container));
    LogStream stream = new LogStream(hub, entry, container, options, sink, start.ring());
    synchronized (stream) {
      List<LogRing.Line> lines = stream.select(start.lines());
      stream.cursor = start.lines().isEmpty() ? -1 : last(start.lines()).seq();
      stream.send(lines);
      if (!start.follow()) {
        stream.finish();
      } else if (!stream.ended) {
        hub.open(stream);
      }
    }
    return stream;
  }

  static ApiError noSuchContainer(CubeEntry entry, String container) {
    return ApiError.invalid(
        "container \""
            + container
            + "\" is not valid for pod \""
            + entry.spec().name()
            + "\" (containers: "
            + entry.containerNames().toList()
            + ")");
  }

  @Override
  public void poll(Instant now) {
    synchronized (this) {
      if (ended) {
        return;
      }
    }
    record News(List<LogRing.Line> lines, boolean runEnded) {}
    long from;
    synchronized (this) {
      from = cursor;
    }
    News news =
        entry
            .withContainer(
                container,
                now,
                c ->
                    new News(
                        ring.after(from),
                        entry.deleting() || !c.running() || c.currentLog().orElse(null) != ring))
            .orElse(new News(List.of(), true));
    synchronized (this) {
      if (ended) {
        return;
      }
      if (!news.lines().isEmpty()) {
        cursor = last(news.lines()).seq();
        send(news.lines());
      }
      if (news.runEnded()) {
        finish();
      }
    }
  }

  private List<LogRing.Line> select(List<LogRing.Line> lines) {
    List<LogRing.Line> out = new ArrayList<>();
    for (LogRing.Line l : lines) {
      if (options.since().isEmpty() || !l.at().isBefore(options.since().get())) {
        out.add(l);
      }
    }
    if (options.tailLines().isPresent()) {
      int keep = Math.max(0, options.tailLines().get());
      if (out.size() > keep) {
        out = new ArrayList<>(out.subList(out.size() - keep, out.size()));
      }
    }
    return out;
  }

  private void send(List<LogRing.Line> lines) {
    if (lines.isEmpty() || ended) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (LogRing.Line l : lines) {
      if (options.timestamps()) {
        text.append(DateTimeFormatter.ISO_INSTANT.format(l.at())).append(' ');
      }
      text.append(l.withTerminator());
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    boolean limitReached = false;
    if (bytes.length >= bytesLeft) {
      byte[] cut = new byte[(int) bytesLeft];
      System.arraycopy(bytes, 0, cut, 0, cut.length);
      bytes = cut;
      limitReached = true;
    }
    bytesLeft -= bytes.length;
    byte[] chunk = bytes;
    if (chunk.length > 0) {
      delivery.submit(() -> sink.write(chunk));
    }
    if (limitReached) {
      finish();
    }
  }

  private void finish() {
    if (!ended) {
      ended = true;
      hub.closed(this);
      delivery.submit(sink::end);
    }
  }

  private static LogRing.Line last(List<LogRing.Line> lines) {
    return lines.get(lines.size() - 1);
  }

  @Override
  public void close() {
    synchronized (this) {
      ended = true;
    }
    hub.closed(this);
    delivery.close();
  }
}
