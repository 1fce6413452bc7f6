package io.cubevk.app.cli;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Logback's {@code %redactedMessage}: the message with secrets redacted ({@link Redaction}) and,
 * when the event carries an exception, its class and message appended on the same line, so that
 * every event is one line. Stack traces are for {@code --debug}.
 */
public final class RedactingMessageConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(String.valueOf(event.getFormattedMessage()));
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(t == event.getThrowableProxy() ? " [" : " <- ")
          .append(t.getClassName().substring(t.getClassName().lastIndexOf('.') + 1));
      if (t.getMessage() != null) {
        line.append(": ").append(t.getMessage());
      }
      if (t.getCause() == null) {
        line.append(']');
      }
    }
    return Redaction.redact(line.toString()).replace('\n', ' ').replace('\r', ' ');
  }
}
