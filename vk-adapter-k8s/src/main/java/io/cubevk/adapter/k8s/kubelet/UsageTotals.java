package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.ContainerStats;
import io.cubevk.ports.in.PodStats;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Usage summed over containers (a pod) or pods (a node): a virtual node has no machine of its own,
 * so its usage is what its pods use, as a pod's is what its containers use. A total is absent when
 * none of its parts has the figure; its time is the newest of its parts' samples.
 */
record UsageTotals(
    Optional<Instant> time,
    Optional<Long> cpuNanoCores,
    Optional<Long> cpuUsageCoreNanoSeconds,
    Optional<Long> memoryWorkingSetBytes) {

  static final UsageTotals NONE =
      new UsageTotals(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  static UsageTotals of(ContainerStats container) {
    return new UsageTotals(
        container.usage().map(u -> u.timestamp()),
        container.usage().map(u -> u.cpuNanoCores()),
        container.cpuUsageCoreNanoSeconds(),
        container.usage().map(u -> u.memoryWorkingSetBytes()));
  }

  static UsageTotals ofPod(PodStats pod) {
    return sum(pod.containers().stream().map(UsageTotals::of).toList());
  }

  static UsageTotals ofPods(Collection<PodStats> pods) {
    return sum(pods.stream().map(UsageTotals::ofPod).toList());
  }

  static UsageTotals sum(Collection<UsageTotals> parts) {
    UsageTotals total = NONE;
    for (UsageTotals part : parts) {
      total =
          new UsageTotals(
              latest(total.time, part.time),
              add(total.cpuNanoCores, part.cpuNanoCores),
              add(total.cpuUsageCoreNanoSeconds, part.cpuUsageCoreNanoSeconds),
              add(total.memoryWorkingSetBytes, part.memoryWorkingSetBytes));
    }
    return total;
  }

  private static Optional<Long> add(Optional<Long> a, Optional<Long> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : Optional.of(a.get() + b.get());
  }

  private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() || a.get().isAfter(b.get()) ? a : b;
  }
}
