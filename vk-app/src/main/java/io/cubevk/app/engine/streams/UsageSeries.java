package io.cubevk.app.engine.streams;

import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One container run's usage as the agent has seen it: the latest sample and the CPU time used since
 * the run started, integrated from the samples.
 *
 * <p>The cloud reports CPU in use at sample times; kubelet reports a cumulative counter, and
 * metrics-server derives {@code kubectl top}'s CPU from the counter's growth between two scrapes.
 * Between two samples the counter grows by the trapezoid under them (the mean of the two rates
 * times the time between them). Before the first sample the agent saw, it cannot know the history,
 * so that stretch (from the run's start) is counted at the first sample's rate: the level is an
 * estimate, the growth from then on is measured. Samples at or before the latest one are ignored,
 * so the counter never goes down. One refresher thread writes while scrapes read: every access is
 * synchronized (uncontended but for the moment of a refresh).
 */
final class UsageSeries {

  private final Optional<Instant> runStart;
  private UsageSample latest;
  private long cpuCoreNanoSeconds;
  private Instant lastFetch;

  UsageSeries(Optional<Instant> runStart) {
    this.runStart = runStart;
  }

  Optional<Instant> runStart() {
    return runStart;
  }

  /** When the cloud was last asked for this run's samples (whatever it answered), if ever. */
  synchronized Optional<Instant> lastFetch() {
    return Optional.ofNullable(lastFetch);
  }

  synchronized void fetched(Instant at) {
    lastFetch = at;
  }

  /** The time after which new samples are of interest. */
  synchronized Optional<Instant> latestSampleTime() {
    return latest == null ? Optional.empty() : Optional.of(latest.timestamp());
  }

  /** Adds samples, oldest first; older ones than the latest already added are skipped. */
  synchronized void add(List<UsageSample> samples) {
    for (UsageSample sample : samples) {
      if (latest == null) {
        Instant from = runStart.filter(s -> s.isBefore(sample.timestamp())).orElse(null);
        cpuCoreNanoSeconds =
            from == null
                ? 0
                : integrate(sample.cpuNanoCores(), sample.cpuNanoCores(), from, sample.timestamp());
        latest = sample;
      } else if (sample.timestamp().isAfter(latest.timestamp())) {
        cpuCoreNanoSeconds +=
            integrate(
                latest.cpuNanoCores(),
                sample.cpuNanoCores(),
                latest.timestamp(),
                sample.timestamp());
        latest = sample;
      }
    }
  }

  /** The latest sample and the counter at its time; empty before the first sample. */
  synchronized Optional<Snapshot> snapshot() {
    return latest == null
        ? Optional.empty()
        : Optional.of(new Snapshot(latest, cpuCoreNanoSeconds));
  }

  /** A sample with the cumulative CPU time at its moment. */
  record Snapshot(UsageSample sample, long cpuCoreNanoSeconds) {}

  /**
   * Core-nanoseconds used between two times at rates (nanocores) changing linearly from {@code
   * fromRate} to {@code toRate}: a nanocore for a second is one core-nanosecond. In double, since a
   * day at several cores overflows a long's nanosecond product.
   */
  static long integrate(long fromRate, long toRate, Instant from, Instant to) {
    double seconds = Duration.between(from, to).toNanos() / 1e9;
    return Math.round((fromRate + (double) toRate) / 2 * seconds);
  }
}
