package io.cubevk.adapter.fake.apiserver.proxy;

import io.cubevk.adapter.fake.apiserver.proxy.ResourceMetricsText.ContainerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last two points of every node and container, as metrics-server keeps them, and usage derived
 * from them: CPU is the growth of the cumulative counter over the time between the two points,
 * memory the latest working set. A point replaces the last one when it is newer; the last one
 * becomes the previous one unless the container restarted in between (then there is no rate until
 * the next point). A container that started less than a resolution ago (but at least 10 s before
 * its point) gets its start, with no CPU used, as its previous point, as metrics-server does, so a
 * fresh pod shows CPU after one scrape.
 */
final class MetricsStorage {

  private static final Duration FRESH_MINIMUM = Duration.ofSeconds(10);

  /** A cumulative CPU reading (core-seconds) and a memory reading at one time. */
  record Point(Instant start, Instant time, double cpuSeconds, double memoryBytes) {}

  /** What the metrics API reports for one node or container. */
  record Usage(long nanoCores, long memoryBytes, Instant time, Duration window) {}

  private record Pair(Point prev, Point last) {}

  private final Duration resolution;
  private final Map<String, Pair> nodes = new HashMap<>();
  private final Map<String, Map<ContainerKey, Pair>> containersByNode = new HashMap<>();

  MetricsStorage(Duration resolution) {
    this.resolution = resolution;
  }

  /** Stores one scrape of a node: its own point and those of the containers it runs now. */
  synchronized void store(String node, Optional<Point> nodePoint, Map<ContainerKey, Point> points) {
    nodePoint.ifPresent(p -> nodes.put(node, next(nodes.get(node), p)));
    Map<ContainerKey, Pair> before = containersByNode.getOrDefault(node, Map.of());
    Map<ContainerKey, Pair> after = new LinkedHashMap<>();
    points.forEach((key, point) -> after.put(key, next(before.get(key), point)));
    containersByNode.put(node, after); // containers gone from the scrape are forgotten
  }

  /** Forgets everything (after a pause in scraping, old points would give stale rates). */
  synchronized void clear() {
    nodes.clear();
    containersByNode.clear();
  }

  synchronized Optional<Usage> node(String node) {
    Pair pair = nodes.get(node);
    return pair == null ? Optional.empty() : usage(pair);
  }

  /** Usage of every container of a pod, or empty unless every container has a rate. */
  synchronized Optional<Map<String, Usage>> pod(String namespace, String name) {
    Map<String, Usage> out = new LinkedHashMap<>();
    for (Map<ContainerKey, Pair> containers : containersByNode.values()) {
      for (Map.Entry<ContainerKey, Pair> e : containers.entrySet()) {
        ContainerKey key = e.getKey();
        if (key.namespace().equals(namespace) && key.pod().equals(name)) {
          Optional<Usage> usage = usage(e.getValue());
          if (usage.isEmpty()) {
            return Optional.empty();
          }
          out.put(key.container(), usage.get());
        }
      }
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  private Pair next(Pair old, Point point) {
    Point prev = null;
    if (fresh(point)) {
      prev = new Point(point.start(), point.start(), 0, point.memoryBytes());
    } else if (old != null && sameRun(point, old.last())) {
      if (point.time().isAfter(old.last().time())) {
        prev = old.last();
      } else if (old.prev() != null && old.prev().time().isBefore(point.time())) {
        prev = old.prev();
      }
    }
    return new Pair(prev, point);
  }

  private boolean fresh(Point p) {
    if (p.start() == null || !p.start().isBefore(p.time())) {
      return false;
    }
    Duration age = Duration.between(p.start(), p.time());
    return age.compareTo(resolution) < 0 && age.compareTo(FRESH_MINIMUM) >= 0;
  }

  /** The container did not restart between the two points (a node has no start time: same). */
  private static boolean sameRun(Point point, Point last) {
    return point.start() == null || point.start().isBefore(last.time());
  }

  private static Optional<Usage> usage(Pair pair) {
    Point last = pair.last();
    Point prev = pair.prev();
    if (prev == null || last.cpuSeconds() < prev.cpuSeconds()) {
      return Optional.empty();
    }
    Duration window = Duration.between(prev.time(), last.time());
    if (window.isZero() || window.isNegative()) {
      return Optional.empty();
    }
    double seconds = window.toNanos() / 1e9;
    long nanoCores = Math.round((last.cpuSeconds() - prev.cpuSeconds()) / seconds * 1e9);
    return Optional.of(new Usage(nanoCores, Math.round(last.memoryBytes()), last.time(), window));
  }
}
