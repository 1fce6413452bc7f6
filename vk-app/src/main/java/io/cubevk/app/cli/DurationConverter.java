package io.cubevk.app.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as Kubernetes users write them ({@code 120s}, {@code 500ms}, {@code 2m}, {@code 1h},
 * {@code 0}); picocli itself only reads ISO-8601 ({@code PT120S}), which nobody types.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  static Duration parse(String text) {
    String trimmed = text.trim();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = FORMAT.matcher(trimmed);
    if (!m.matches()) {
      throw new TypeConversionException(
          "'"
              + text
              + "' is not a duration; accepted: a number with ms, s, m or h (500ms, 120s, 2m)");
    }
    double value = Double.parseDouble(m.group(1));
    double millis =
        switch (m.group(2)) {
          case "ms" -> value;
          case "s" -> value * 1_000;
          case "m" -> value * 60_000;
          default -> value * 3_600_000;
        };
    return Duration.ofMillis(Math.round(millis));
  }

  /** The way {@link #parse} reads it back: {@code 120s}, {@code 1500ms}, {@code 2m}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0 && ms != 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
