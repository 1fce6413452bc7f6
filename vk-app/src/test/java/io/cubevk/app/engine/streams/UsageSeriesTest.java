package io.cubevk.app.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageSeriesTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final long CORE = 1_000_000_000L; // nanocores

  @Test
  void theCounterStartsAtTheRunsStartAtTheFirstSamplesRate() {
    UsageSeries series = new UsageSeries(Optional.of(START));

    series.add(List.of(sample(10, CORE / 2)));

    // half a core for ten seconds: five core-seconds
    assertThat(series.snapshot().orElseThrow().cpuCoreNanoSeconds()).isEqualTo(5 * CORE);
  }

  @Test
  void theCounterGrowsByTheTrapezoidUnderEachTwoSamples() {
    UsageSeries series = new UsageSeries(Optional.of(START.plusSeconds(10)));
    series.add(List.of(sample(10, CORE)));

    series.add(List.of(sample(20, 3 * CORE), sample(30, CORE)));

    // (1+3)/2 * 10 + (3+1)/2 * 10 = 40 core-seconds
    UsageSeries.Snapshot snapshot = series.snapshot().orElseThrow();
    assertThat(snapshot.cpuCoreNanoSeconds()).isEqualTo(40 * CORE);
    assertThat(snapshot.sample()).isEqualTo(sample(30, CORE));
  }

  @Test
  void samplesNotNewerThanTheLatestAreIgnoredSoTheCounterNeverGoesDown() {
    UsageSeries series = new UsageSeries(Optional.empty());
    series.add(List.of(sample(10, CORE), sample(20, CORE)));
    long before = series.snapshot().orElseThrow().cpuCoreNanoSeconds();

    series.add(List.of(sample(15, 8 * CORE), sample(20, 8 * CORE)));

    assertThat(series.snapshot().orElseThrow().cpuCoreNanoSeconds()).isEqualTo(before);
    assertThat(series.latestSampleTime()).contains(START.plusSeconds(20));
  }

  @Test
  void withoutAKnownRunStartTheCounterStartsAtTheFirstSample() {
    UsageSeries series = new UsageSeries(Optional.empty());

    series.add(List.of(sample(100, CORE)));

    assertThat(series.snapshot().orElseThrow().cpuCoreNanoSeconds()).isZero();
  }

  @Test
  void aMonthAtEightCoresDoesNotOverflow() {
    Instant from = START;
    Instant to = START.plusSeconds(31L * 24 * 3600);

    long used = UsageSeries.integrate(8 * CORE, 8 * CORE, from, to);

    assertThat(used).isEqualTo(8L * 31 * 24 * 3600 * CORE);
  }

  @Test
  void nothingIsKnownBeforeTheFirstSample() {
    UsageSeries series = new UsageSeries(Optional.of(START));

    assertThat(series.snapshot()).isEmpty();
    assertThat(series.lastFetch()).isEmpty();
  }

  private static UsageSample sample(long second, long nanoCores) {
    return new UsageSample(START.plusSeconds(second), nanoCores, 64L << 20);
  }
}
