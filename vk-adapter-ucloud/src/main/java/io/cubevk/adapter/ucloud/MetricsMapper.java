package io.cubevk.adapter.ucloud;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * GetCubeMetrics' data sets as kubelet-style usage samples. The metric names and units are an
 * assumption ({@link CubeApiAssumptions#CPU_METRIC}, {@link CubeApiAssumptions#MEMORY_METRIC}): CPU
 * in percent of the container's limit, memory in bytes.
 */
final class MetricsMapper {

  private static final long NANOCORES_PER_MILLICORE = 1_000_000L;

  private MetricsMapper() {}

  /**
   * One sample per timestamp at which either metric has a value, from the first moment both have
   * one; the other metric's latest earlier value fills in (the two series need not be sampled at
   * the same instants). Oldest first, within {@code [from, to]}.
   */
  static List<UsageSample> samples(
      UCloudWire.Metrics answer, Cpu containerLimit, Instant from, Instant to) {
    NavigableMap<Long, Double> cpuPercent = series(answer, CubeApiAssumptions.CPU_METRIC);
    NavigableMap<Long, Double> memoryBytes = series(answer, CubeApiAssumptions.MEMORY_METRIC);
    TreeSet<Long> times = new TreeSet<>(cpuPercent.keySet());
    times.addAll(memoryBytes.keySet());
    List<UsageSample> samples = new ArrayList<>();
    for (long time : times) {
      var cpu = cpuPercent.floorEntry(time);
      var memory = memoryBytes.floorEntry(time);
      Instant at = Instant.ofEpochSecond(time);
      if (cpu == null || memory == null || at.isBefore(from) || at.isAfter(to)) {
        continue;
      }
      samples.add(
          new UsageSample(
              at, nanoCores(cpu.getValue(), containerLimit), Math.round(memory.getValue())));
    }
    return samples;
  }

  /** {@code percent} of the limit in nanocores: 50 % of 500m is 250m, 250,000,000 nanocores. */
  static long nanoCores(double percentOfLimit, Cpu limit) {
    double nanos = percentOfLimit / 100.0 * limit.millis() * NANOCORES_PER_MILLICORE;
    return Math.max(0, Math.round(nanos));
  }

  private static NavigableMap<Long, Double> series(UCloudWire.Metrics answer, String name) {
    NavigableMap<Long, Double> series = new TreeMap<>();
    for (UCloudWire.DataSet set : ExtendInfoMapper.nullToEmpty(answer.dataSets())) {
      if (!name.equals(set.metricName())) {
        continue;
      }
      for (UCloudWire.MetricValue value : ExtendInfoMapper.nullToEmpty(set.values())) {
        if (value.timestamp() != null && value.value() != null && Double.isFinite(value.value())) {
          series.put(value.timestamp(), value.value());
        }
      }
    }
    return series;
  }
}
