package io.cubevk.ports.in;

import io.cubevk.domain.pod.PodUid;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A pod's usage: its containers' latest samples. */
public record PodStats(
    PodRef pod, PodUid uid, Optional<Instant> startTime, List<ContainerStats> containers) {

  public PodStats {
    containers = List.copyOf(containers);
  }
}
