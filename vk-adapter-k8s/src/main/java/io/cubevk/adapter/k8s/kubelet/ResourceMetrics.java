package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.ContainerStats;
import io.cubevk.ports.in.NodeStats;
import io.cubevk.ports.in.PodStats;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * kubelet's {@code /metrics/resource}: the metrics metrics-server scrapes for {@code kubectl top},
 * with kubelet's names, help texts (stability prefix included), labels and sample timestamps
 * (milliseconds: metrics-server computes CPU rates from the counters' timestamps). Families that
 * have no samples are left out, as kubelet's collector leaves them out; {@code scrape_error} (and
 * its stable twin {@code resource_scrape_error}) is 1 when the stats could not be read.
 *
 * <p>Written with the Prometheus client library's snapshot model, which is exactly a per-scrape
 * collection of families and samples (no registry or long-lived metric objects are involved, so
 * pods that go away simply stop appearing).
 */
final class ResourceMetrics {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  // Prometheus' text format wants timestamps in milliseconds; the library writes seconds with a
  // fraction unless told otherwise, which Prometheus' own parser (metrics-server's) rejects.
  @SuppressWarnings("deprecation")
  private static final PrometheusTextFormatWriter WRITER =
      PrometheusTextFormatWriter.builder().setTimestampsInMs(true).build();

  private ResourceMetrics() {}

  static byte[] text(Optional<NodeStats> stats, boolean scrapeError) {
    List<MetricSnapshot> families = new ArrayList<>();
    double error = scrapeError ? 1 : 0;
    families.add(gauge("scrape_error", "[ALPHA] " + SCRAPE_ERROR_HELP, List.of(point(error))));
    families.add(
        gauge("resource_scrape_error", "[STABLE] " + SCRAPE_ERROR_HELP, List.of(point(error))));
    if (stats.isPresent()) {
      addNodeAndPods(families, stats.get());
    }
    families.removeIf(f -> f.getDataPoints().isEmpty());
    families.sort(Comparator.comparing(f -> f.getMetadata().getPrometheusName()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      WRITER.write(out, new MetricSnapshots(families), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static final String SCRAPE_ERROR_HELP =
      "1 if there was an error while getting container metrics, 0 otherwise";

  private static void addNodeAndPods(List<MetricSnapshot> families, NodeStats stats) {
    List<CounterDataPointSnapshot> nodeCpu = new ArrayList<>();
    List<GaugeDataPointSnapshot> nodeMemory = new ArrayList<>();
    List<CounterDataPointSnapshot> podCpu = new ArrayList<>();
    List<GaugeDataPointSnapshot> podMemory = new ArrayList<>();
    List<CounterDataPointSnapshot> containerCpu = new ArrayList<>();
    List<GaugeDataPointSnapshot> containerMemory = new ArrayList<>();
    List<GaugeDataPointSnapshot> containerStart = new ArrayList<>();

    UsageTotals node = UsageTotals.ofPods(stats.pods());
    cpu(node, Labels.EMPTY).ifPresent(nodeCpu::add);
    memory(node, Labels.EMPTY).ifPresent(nodeMemory::add);
    for (PodStats pod : stats.pods()) {
      Labels podLabels = Labels.of("namespace", pod.pod().namespace(), "pod", pod.pod().name());
      UsageTotals podTotals = UsageTotals.ofPod(pod);
      cpu(podTotals, podLabels).ifPresent(podCpu::add);
      memory(podTotals, podLabels).ifPresent(podMemory::add);
      for (ContainerStats container : pod.containers()) {
        Labels labels = podLabels.add("container", container.name());
        UsageTotals totals = UsageTotals.of(container);
        cpu(totals, labels).ifPresent(containerCpu::add);
        memory(totals, labels).ifPresent(containerMemory::add);
        container
            .startTime()
            .filter(t -> t.getEpochSecond() > 0)
            .ifPresent(
                t ->
                    containerStart.add(
                        GaugeDataPointSnapshot.builder()
                            .labels(labels)
                            .value(t.getEpochSecond() + t.getNano() / 1e9)
                            .build()));
      }
    }
    families.add(
        counter(
            "node_cpu_usage_seconds",
            "[STABLE] Cumulative cpu time consumed by the node in core-seconds",
            nodeCpu));
    families.add(
        gauge(
            "node_memory_working_set_bytes",
            "[STABLE] Current working set of the node in bytes",
            nodeMemory));
    families.add(
        counter(
            "pod_cpu_usage_seconds",
            "[STABLE] Cumulative cpu time consumed by the pod in core-seconds",
            podCpu));
    families.add(
        gauge(
            "pod_memory_working_set_bytes",
            "[STABLE] Current working set of the pod in bytes",
            podMemory));
    families.add(
        counter(
            "container_cpu_usage_seconds",
            "[STABLE] Cumulative cpu time consumed by the container in core-seconds",
            containerCpu));
    families.add(
        gauge(
            "container_memory_working_set_bytes",
            "[STABLE] Current working set of the container in bytes",
            containerMemory));
    families.add(
        gauge(
            "container_start_time_seconds",
            "[STABLE] Start time of the container since unix epoch in seconds",
            containerStart));
  }

  private static Optional<CounterDataPointSnapshot> cpu(UsageTotals usage, Labels labels) {
    if (usage.cpuUsageCoreNanoSeconds().isEmpty()) {
      return Optional.empty();
    }
    CounterDataPointSnapshot.Builder point =
        CounterDataPointSnapshot.builder()
            .labels(labels)
            .value(usage.cpuUsageCoreNanoSeconds().get() / 1e9);
    usage.time().map(Instant::toEpochMilli).ifPresent(point::scrapeTimestampMillis);
    return Optional.of(point.build());
  }

  private static Optional<GaugeDataPointSnapshot> memory(UsageTotals usage, Labels labels) {
    if (usage.memoryWorkingSetBytes().isEmpty()) {
      return Optional.empty();
    }
    GaugeDataPointSnapshot.Builder point =
        GaugeDataPointSnapshot.builder().labels(labels).value(usage.memoryWorkingSetBytes().get());
    usage.time().map(Instant::toEpochMilli).ifPresent(point::scrapeTimestampMillis);
    return Optional.of(point.build());
  }

  private static GaugeDataPointSnapshot point(double value) {
    return GaugeDataPointSnapshot.builder().value(value).build();
  }

  private static MetricSnapshot counter(
      String name, String help, List<CounterDataPointSnapshot> points) {
    CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
    points.forEach(builder::dataPoint);
    return builder.build();
  }

  private static MetricSnapshot gauge(
      String name, String help, List<GaugeDataPointSnapshot> points) {
    GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
    points.forEach(builder::dataPoint);
    return builder.build();
  }
}
