package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsMapperTest {

  private static UCloudWire.DataSet set(String name, long... timeValuePairs) {
    List<UCloudWire.MetricValue> values = new java.util.ArrayList<>();
    for (int i = 0; i < timeValuePairs.length; i += 2) {
      values.add(new UCloudWire.MetricValue((double) timeValuePairs[i + 1], timeValuePairs[i]));
    }
    return new UCloudWire.DataSet(name, values);
  }

  @Test
  void fillsInTheOtherMetricsLatestValueWhenTheSeriesAreSampledAtDifferentTimes() {
    UCloudWire.Metrics answer =
        new UCloudWire.Metrics(
            0,
            "GetCubeMetricsResponse",
            null,
            List.of(set("CPUUtilization", 100, 10, 160, 20), set("MemUsage", 130, 1000)));

    List<UsageSample> samples =
        MetricsMapper.samples(
            answer, Cpu.parse("500m"), Instant.ofEpochSecond(0), Instant.ofEpochSecond(1000));

    // 100: no memory value yet; 130: cpu 10 % carried; 160: memory 1000 carried.
    assertThat(samples)
        .containsExactly(
            new UsageSample(Instant.ofEpochSecond(130), 50_000_000L, 1000),
            new UsageSample(Instant.ofEpochSecond(160), 100_000_000L, 1000));
  }

  @Test
  void dropsSamplesOutsideTheAskedWindowAndUnknownMetrics() {
    UCloudWire.Metrics answer =
        new UCloudWire.Metrics(
            0,
            null,
            null,
            List.of(
                set("CPUUtilization", 10, 50, 20, 50, 30, 50),
                set("MemUsage", 10, 1, 20, 2, 30, 3),
                set("DiskIO", 20, 99)));

    List<UsageSample> samples =
        MetricsMapper.samples(
            answer, Cpu.ofCores(2), Instant.ofEpochSecond(15), Instant.ofEpochSecond(25));

    assertThat(samples)
        .containsExactly(new UsageSample(Instant.ofEpochSecond(20), 1_000_000_000L, 2));
  }

  @Test
  void anAnswerWithoutDataSetsHasNoSamples() {
    assertThat(
            MetricsMapper.samples(
                new UCloudWire.Metrics(0, null, null, null),
                Cpu.ofCores(1),
                Instant.EPOCH,
                Instant.now()))
        .isEmpty();
  }
}
