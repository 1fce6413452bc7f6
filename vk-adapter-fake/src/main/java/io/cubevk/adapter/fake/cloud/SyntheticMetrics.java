package io.cubevk.adapter.fake.cloud;

import com.google.common.hash.Hashing;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.ports.out.cloud.UsageSample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage samples made up but consistent: one every {@link #PERIOD} while the container ran, the same
 * values whenever asked (a hash of seed, Cube, container and time), CPU between 5 % and 50 % of the
 * container's limit and memory between 20 % and 50 % of it, memory changing once a minute.
 */
final class SyntheticMetrics {

  static final Duration PERIOD = Duration.ofSeconds(10);
  private static final int MAX_SAMPLES = 10_000;

  private SyntheticMetrics() {}

  static List<UsageSample> samples(
      long seed,
      CubeId cube,
      String container,
      CubeResources limits,
      List<ContainerSim.Run> runs,
      Instant from,
      Instant to,
      Instant now) {
    Instant end = to.isAfter(now) ? now : to;
    long period = PERIOD.getSeconds();
    long first = Math.floorDiv(from.getEpochSecond() + period - 1, period) * period;
    List<UsageSample> out = new ArrayList<>();
    for (long s = first; s <= end.getEpochSecond() && out.size() < MAX_SAMPLES; s += period) {
      Instant t = Instant.ofEpochSecond(s);
      if (!ranAt(runs, t, now)) {
        continue;
      }
      double cpuShare = 0.05 + 0.45 * unit(seed, cube, container, "cpu", s / period);
      double memShare = 0.20 + 0.30 * unit(seed, cube, container, "memory", s / 60);
      long cpuNanos = (long) (limits.cpu().millis() * 1_000_000L * cpuShare);
      long memBytes = (long) (limits.memory().bytes() * memShare);
      out.add(new UsageSample(t, cpuNanos, memBytes));
    }
    return out;
  }

  private static boolean ranAt(List<ContainerSim.Run> runs, Instant t, Instant now) {
    for (ContainerSim.Run r : runs) {
      Instant end = r.end() == null ? now : r.end();
      if (!t.isBefore(r.start()) && !t.isAfter(end)) {
        return true;
      }
    }
    return false;
  }

  private static double unit(long seed, CubeId cube, String container, String kind, long bucket) {
    long bits =
        Hashing.murmur3_128((int) seed)
            .newHasher()
            .putLong(seed)
            .putString(cube.value(), StandardCharsets.UTF_8)
            .putString(container, StandardCharsets.UTF_8)
            .putString(kind, StandardCharsets.UTF_8)
            .putLong(bucket)
            .hash()
            .asLong();
    return (bits >>> 11) * 0x1.0p-53;
  }
}
