package io.cubevk.ports.out.cloud;

import java.time.Instant;

/**
 * A container's resource usage at one moment.
 *
 * @param cpuNanoCores CPU in use, in billionths of a core (kubelet's unit)
 * @param memoryWorkingSetBytes memory in use, in bytes
 */
public record UsageSample(Instant timestamp, long cpuNanoCores, long memoryWorkingSetBytes) {}
