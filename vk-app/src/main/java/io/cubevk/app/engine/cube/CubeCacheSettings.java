package io.cubevk.app.engine.cube;

import java.time.Duration;

/**
 * How often the cache looks at the cloud.
 *
 * @param listInterval the periodic full list of each group
 * @param fastPathFirst the first look at a Cube in transition
 * @param fastPathMax the longest wait between looks at a Cube in transition; it bounds the latency
 *     the agent adds to a transition
 * @param cubesPerListPage how many Cubes one list call returns (UCloud: 100)
 */
public record CubeCacheSettings(
    Duration listInterval, Duration fastPathFirst, Duration fastPathMax, int cubesPerListPage) {

  public static CubeCacheSettings defaults() {
    return new CubeCacheSettings(
        Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1), 100);
  }

  public CubeCacheSettings withListInterval(Duration interval) {
    return new CubeCacheSettings(interval, fastPathFirst, fastPathMax, cubesPerListPage);
  }
}
