package io.cubevk.ports.in;

import java.time.Instant;
import java.util.List;

/**
 * A virtual node's usage: the sum of its pods (a virtual node has no machine of its own to
 * measure).
 */
public record NodeStats(String nodeName, Instant startTime, List<PodStats> pods) {

  public NodeStats {
    pods = List.copyOf(pods);
  }
}
