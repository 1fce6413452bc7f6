package io.cubevk.app.chaos;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.cubevk.app.cli.RedactingMessageConverter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Everything the process logs during a chaos run, scanned line by line for the planted secrets as
 * it is written (nothing is kept but the offending lines). The agent's loggers are opened to DEBUG
 * for the run, so that a secret in a debug line is found too; the console keeps showing warnings
 * only. Two views of each event are scanned: the raw one (message, every exception's message and
 * stack frames) and the line the product would write ({@link RedactingMessageConverter}, the last
 * line of defence). A leak in the written line fails the run; a secret only the last line caught is
 * reported, since events and errors do not pass through that converter.
 */
final class LogCapture implements AutoCloseable {

  private static final List<String> OPENED =
      List.of("io.cubevk.app", "io.cubevk.adapter.k8s", "io.cubevk.adapter.ucloud");

  private final PlantedSecrets secrets;
  private final java.nio.file.Path file;
  private java.io.BufferedWriter out;
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Map<String, Level> previousLevels = new HashMap<>();
  private final List<Appender<ILoggingEvent>> quietened = new ArrayList<>();
  private final RedactingMessageConverter converter = new RedactingMessageConverter();
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong leakCount = new AtomicLong();
  private final AtomicLong caughtOnlyByRedactionCount = new AtomicLong();
  private final List<String> leaks = new ArrayList<>();
  private final List<String> caughtOnlyByRedaction = new ArrayList<>();
  private final Scanner scanner = new Scanner();
  private final Filter<ILoggingEvent> warningsOnly =
      new Filter<>() {
        @Override
        public FilterReply decide(ILoggingEvent event) {
          return event.getLevel().isGreaterOrEqual(Level.WARN)
              ? FilterReply.NEUTRAL
              : FilterReply.DENY;
        }
      };

  /**
   * @param file where the run's log goes, as the product would write it (redacted), for reading a
   *     failure after the fact; null for none
   */
  LogCapture(PlantedSecrets secrets, java.nio.file.Path file) {
    this.secrets = secrets;
    this.file = file;
  }

  LogCapture start() {
    if (file != null) {
      try {
        java.nio.file.Files.createDirectories(file.getParent());
        out = java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot write the chaos log " + file, e);
      }
    }
    warningsOnly.start();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> appender = it.next();
      appender.addFilter(warningsOnly);
      quietened.add(appender);
    }
    for (String name : OPENED) {
      Logger logger = context.getLogger(name);
      previousLevels.put(name, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    previousLevels.put(org.slf4j.Logger.ROOT_LOGGER_NAME, root.getLevel());
    root.setLevel(Level.INFO);
    scanner.setContext(context);
    scanner.start();
    root.addAppender(scanner);
    return this;
  }

  long lines() {
    return lines.get();
  }

  /** Lines as written that carry a planted secret: must be 0. */
  long leakCount() {
    return leakCount.get();
  }

  /** Events whose raw form carried a secret that the written line no longer shows. */
  long caughtOnlyByRedactionCount() {
    return caughtOnlyByRedactionCount.get();
  }

  /** The first offending lines, each secret replaced by its label. */
  synchronized List<String> leaks() {
    return List.copyOf(leaks);
  }

  synchronized List<String> caughtOnlyByRedaction() {
    return List.copyOf(caughtOnlyByRedaction);
  }

  @Override
  public void close() {
    root.detachAppender(scanner);
    scanner.stop();
    previousLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    quietened.forEach(Appender::clearAllFilters);
    synchronized (this) {
      if (out != null) {
        try {
          out.close();
        } catch (java.io.IOException e) {
          // the log file is a convenience; the scan's figures are already taken
        }
        out = null;
      }
    }
  }

  private synchronized void scan(ILoggingEvent event) {
    lines.incrementAndGet();
    String written = converter.convert(event);
    if (out != null) {
      try {
        out.write(
            java.time.Instant.ofEpochMilli(event.getTimeStamp())
                + " "
                + event.getLevel()
                + " ["
                + event.getThreadName()
                + "] "
                + event.getLoggerName()
                + " "
                + secrets.masked(written));
        out.newLine();
      } catch (java.io.IOException e) {
        // keep scanning: the file is only for reading a failure afterwards
      }
    }
    StringBuilder raw = new StringBuilder(String.valueOf(event.getFormattedMessage()));
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      raw.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
        raw.append(' ').append(frame.getSTEAsString());
      }
    }
    List<String> inWritten = secrets.foundIn(written);
    if (!inWritten.isEmpty()) {
      leakCount.incrementAndGet();
      if (leaks.size() < 20) {
        leaks.add(
            inWritten
                + " in "
                + event.getLoggerName()
                + ": "
                + abbreviated(secrets.masked(written)));
      }
      return;
    }
    List<String> inRaw = secrets.foundIn(raw.toString());
    if (!inRaw.isEmpty()) {
      caughtOnlyByRedactionCount.incrementAndGet();
      if (caughtOnlyByRedaction.size() < 20) {
        caughtOnlyByRedaction.add(
            inRaw
                + " in "
                + event.getLoggerName()
                + ": "
                + abbreviated(secrets.masked(event.getFormattedMessage())));
      }
    }
  }

  private static String abbreviated(String line) {
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private final class Scanner extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      scan(event);
    }
  }
}
