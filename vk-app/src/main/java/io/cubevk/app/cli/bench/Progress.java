package io.cubevk.app.cli.bench;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The bench's progress on the terminal: one progressbar per phase, on stderr (stdout carries the
 * report). Off for {@code -o json}, which must print nothing but the object.
 */
interface Progress {

  /** A phase: {@code total} steps, moved on with {@link Phase#at}. */
  Phase phase(String name, long total, String unit);

  interface Phase extends AutoCloseable {
    void at(long done);

    @Override
    void close();
  }

  static Progress none() {
    return (name, total, unit) ->
        new Phase() {
          @Override
          public void at(long done) {}

          @Override
          public void close() {}
        };
  }

  static Progress onStderr() {
    return (name, total, unit) -> {
      ProgressBar bar =
          new ProgressBarBuilder()
              .setTaskName(name)
              .setInitialMax(total)
              .setUnit(" " + unit, 1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .setSpeedUnit(ChronoUnit.SECONDS)
              .showSpeed()
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
      return new Phase() {
        @Override
        public void at(long done) {
          bar.stepTo(done);
        }

        @Override
        public void close() {
          bar.close();
        }
      };
    };
  }

  /** Seconds as the unit of a timed phase (idle, churn). */
  static long seconds(Duration d) {
    return Math.max(1, d.toSeconds());
  }
}
