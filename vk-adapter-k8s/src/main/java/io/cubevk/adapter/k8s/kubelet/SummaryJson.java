package io.cubevk.adapter.k8s.kubelet;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.cubevk.ports.in.ContainerStats;
import io.cubevk.ports.in.NodeStats;
import io.cubevk.ports.in.PodStats;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * kubelet's {@code /stats/summary} document ({@code stats/v1alpha1.Summary}) with what Cube
 * reports: CPU ({@code usageNanoCores}, {@code usageCoreNanoSeconds}) and memory ({@code
 * workingSetBytes}; {@code usageBytes} carries the same figure, Cube reporting no other) for the
 * node, each pod and each container. Absent figures are left out, as kubelet leaves out nil ones.
 */
final class SummaryJson {

  private SummaryJson() {}

  static JsonObject summary(String nodeName, Optional<NodeStats> stats) {
    JsonObject node = new JsonObject();
    node.addProperty("nodeName", nodeName);
    JsonArray pods = new JsonArray();
    if (stats.isPresent()) {
      node.addProperty("startTime", time(stats.get().startTime()));
      addUsage(node, UsageTotals.ofPods(stats.get().pods()));
      for (PodStats pod : stats.get().pods()) {
        pods.add(pod(pod));
      }
    }
    JsonObject summary = new JsonObject();
    summary.add("node", node);
    summary.add("pods", pods);
    return summary;
  }

  private static JsonObject pod(PodStats pod) {
    JsonObject ref = new JsonObject();
    ref.addProperty("name", pod.pod().name());
    ref.addProperty("namespace", pod.pod().namespace());
    ref.addProperty("uid", pod.uid().value());
    JsonObject json = new JsonObject();
    json.add("podRef", ref);
    pod.startTime().ifPresent(t -> json.addProperty("startTime", time(t)));
    JsonArray containers = new JsonArray();
    for (ContainerStats container : pod.containers()) {
      JsonObject c = new JsonObject();
      c.addProperty("name", container.name());
      container.startTime().ifPresent(t -> c.addProperty("startTime", time(t)));
      addUsage(c, UsageTotals.of(container));
      containers.add(c);
    }
    json.add("containers", containers);
    addUsage(json, UsageTotals.ofPod(pod));
    return json;
  }

  private static void addUsage(JsonObject target, UsageTotals usage) {
    if (usage.time().isEmpty()) {
      return;
    }
    String time = time(usage.time().get());
    if (usage.cpuNanoCores().isPresent() || usage.cpuUsageCoreNanoSeconds().isPresent()) {
      JsonObject cpu = new JsonObject();
      cpu.addProperty("time", time);
      usage.cpuNanoCores().ifPresent(v -> cpu.addProperty("usageNanoCores", v));
      usage.cpuUsageCoreNanoSeconds().ifPresent(v -> cpu.addProperty("usageCoreNanoSeconds", v));
      target.add("cpu", cpu);
    }
    usage
        .memoryWorkingSetBytes()
        .ifPresent(
            bytes -> {
              JsonObject memory = new JsonObject();
              memory.addProperty("time", time);
              memory.addProperty("usageBytes", bytes);
              memory.addProperty("workingSetBytes", bytes);
              target.add("memory", memory);
            });
  }

  /** metav1.Time's JSON form: RFC 3339 in UTC, whole seconds. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
