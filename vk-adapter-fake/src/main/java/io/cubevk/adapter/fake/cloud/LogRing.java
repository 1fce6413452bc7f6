package io.cubevk.adapter.fake.cloud;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The log of one run of a container: its newest lines, bounded like a runtime's rotated log file.
 * Every line has a sequence number so a follower can ask for what came after the last line it sent,
 * even once older lines have been dropped. Guarded by the owning Cube's lock.
 */
final class LogRing {

  /**
   * One line.
   *
   * @param newline false for a last line the process has not ended (e.g. {@code printf x})
   */
  record Line(long seq, Instant at, String text, boolean newline) {
    String withTerminator() {
      return newline ? text + "\n" : text;
    }
  }

  private final int capacity;
  private final ArrayDeque<Line> lines = new ArrayDeque<>();
  private long nextSeq;

  LogRing(int capacity) {
    this.capacity = capacity;
  }

  void append(Instant at, String text) {
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        add(new Line(nextSeq++, at, text.substring(start), false));
        return;
      }
      add(new Line(nextSeq++, at, text.substring(start, nl), true));
      start = nl + 1;
    }
  }

  private void add(Line line) {
    if (lines.size() == capacity) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  List<Line> all() {
    return new ArrayList<>(lines);
  }

  /** The lines after the one with sequence number {@code seq} (all of them for -1). */
  List<Line> after(long seq) {
    List<Line> out = new ArrayList<>();
    for (Line l : lines) {
      if (l.seq() > seq) {
        out.add(l);
      }
    }
    return out;
  }

  /** The sequence number of the newest line, -1 when empty. */
  long lastSeq() {
    return nextSeq - 1;
  }
}
