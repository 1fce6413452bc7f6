package io.cubevk.adapter.fake.apiserver.proxy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What metrics-server reads from a kubelet's {@code /metrics/resource} (Prometheus text format):
 * the node's and each container's cumulative CPU seconds and memory working set, with their sample
 * timestamps, and each container's start time. Other families and comments are skipped.
 */
final class ResourceMetricsText {

  /** One container's point; absent figures are null. */
  static final class ContainerPoint {
    Double cpuSeconds;
    Instant cpuTime;
    Double memoryBytes;
    Instant memoryTime;
    Instant startTime;
  }

  /** The node's point. */
  record NodePoint(Optional<Double> cpuSeconds, Optional<Instant> time, Optional<Double> memory) {}

  /** A container by namespace, pod and name. */
  record ContainerKey(String namespace, String pod, String container) {}

  private Double nodeCpu;
  private Instant nodeCpuTime;
  private Double nodeMemory;
  private final Map<ContainerKey, ContainerPoint> containers = new LinkedHashMap<>();

  static ResourceMetricsText parse(String text) {
    ResourceMetricsText out = new ResourceMetricsText();
    for (String line : text.split("\n")) {
      line = line.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      out.sample(line);
    }
    return out;
  }

  NodePoint node() {
    return new NodePoint(
        Optional.ofNullable(nodeCpu),
        Optional.ofNullable(nodeCpuTime),
        Optional.ofNullable(nodeMemory));
  }

  Map<ContainerKey, ContainerPoint> containers() {
    return containers;
  }

  private void sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    String name;
    Map<String, String> labels = new HashMap<>();
    String rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      int end = labels(line, brace + 1, labels);
      rest = line.substring(end + 1).trim();
    } else if (space > 0) {
      name = line.substring(0, space);
      rest = line.substring(space + 1).trim();
    } else {
      return;
    }
    String[] parts = rest.split("\\s+");
    double value;
    try {
      value = Double.parseDouble(parts[0]);
    } catch (NumberFormatException e) {
      return;
    }
    Instant time = parts.length > 1 ? Instant.ofEpochMilli(Long.parseLong(parts[1])) : null;
    switch (name) {
      case "node_cpu_usage_seconds_total" -> {
        nodeCpu = value;
        nodeCpuTime = time;
      }
      case "node_memory_working_set_bytes" -> nodeMemory = value;
      case "container_cpu_usage_seconds_total" -> {
        ContainerPoint p = container(labels);
        p.cpuSeconds = value;
        p.cpuTime = time;
      }
      case "container_memory_working_set_bytes" -> {
        ContainerPoint p = container(labels);
        p.memoryBytes = value;
        p.memoryTime = time;
      }
      case "container_start_time_seconds" ->
          container(labels).startTime = Instant.ofEpochSecond(0, Math.round(value * 1e9));
      default -> {
        // not a figure metrics-server uses
      }
    }
  }

  private ContainerPoint container(Map<String, String> labels) {
    return containers.computeIfAbsent(
        new ContainerKey(
            labels.getOrDefault("namespace", ""),
            labels.getOrDefault("pod", ""),
            labels.getOrDefault("container", "")),
        k -> new ContainerPoint());
  }

  /** Reads {@code a="x",b="y"} from {@code from}; returns the index of the closing brace. */
  private static int labels(String line, int from, Map<String, String> out) {
    int i = from;
    while (i < line.length() && line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // past ="
      while (j < line.length() && line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      out.put(key, value.toString());
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    return i;
  }
}
