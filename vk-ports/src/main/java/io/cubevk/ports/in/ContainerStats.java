package io.cubevk.ports.in;

import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Instant;
import java.util.Optional;

/**
 * One container's latest usage, for kubelet's {@code /stats/summary} and {@code /metrics/resource}.
 */
public record ContainerStats(
    String name, Optional<Instant> startTime, Optional<UsageSample> usage) {}
