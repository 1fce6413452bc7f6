package io.cubevk.ports.in;

import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Instant;
import java.util.Optional;

/**
 * One container's latest usage, for kubelet's {@code /stats/summary} and {@code /metrics/resource}.
 *
 * @param usage the latest sample: CPU in use now and the memory working set
 * @param cpuUsageCoreNanoSeconds cumulative CPU time the container has used since it started, in
 *     core-nanoseconds (kubelet's {@code usageCoreNanoSeconds}). The cloud only reports CPU in use
 *     at sample times, so the stats service integrates its samples; metrics-server derives {@code
 *     kubectl top}'s CPU from the growth of this counter between two scrapes, so without it a
 *     container has no CPU metric. Empty when unknown.
 */
public record ContainerStats(
    String name,
    Optional<Instant> startTime,
    Optional<UsageSample> usage,
    Optional<Long> cpuUsageCoreNanoSeconds) {

  /** A container whose cumulative CPU time is not known. */
  public ContainerStats(String name, Optional<Instant> startTime, Optional<UsageSample> usage) {
    this(name, startTime, usage, Optional.empty());
  }
}
