package io.cubevk.app.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bench's report: one JSON object (the keys of issue 11) or a table for people. */
final class BenchReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchReport() {}

  /** Exactly the keys of issue 11, in its order; times in ms, memory in bytes. */
  static Map<String, Object> keys(BenchResult r) {
    BenchOptions o = r.options();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", o.scenario().name());
    m.put("nodes", o.nodes());
    m.put(
        "podsPerNode",
        o.scenario() == Scenario.churn ? ceilDiv(r.pods(), o.nodes()) : o.podsPerNode());
    m.put("pods", r.pods());
    m.put("createDelayMs", o.createDelay().toMillis());
    m.put("wallMs", round(r.wallMs()));
    m.put("podsPerSecond", round(r.podsPerSecond()));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("p50", round(r.boundToRunningMs().p50()));
    b.put("p95", round(r.boundToRunningMs().p95()));
    b.put("p99", round(r.boundToRunningMs().p99()));
    b.put("max", round(r.boundToRunningMs().max()));
    m.put("boundToRunningMs", b);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("p50", round(r.deleteToGoneMs().p50()));
    d.put("p99", round(r.deleteToGoneMs().p99()));
    m.put("deleteToGoneMs", d);
    m.put("apiWritesPerPod", round(r.apiWritesPerPod()));
    m.put("eventsPerPod", round(r.eventsPerPod()));
    m.put("cloudCallsPerPod", round(r.cloudCallsPerPod()));
    m.put("idleWritesPerMinute", round(r.idleWritesPerMinute()));
    m.put("heapBytes", r.heapBytes());
    m.put("baselineHeapBytes", r.baselineHeapBytes());
    m.put("agentHeapBytes", r.agentHeapBytes());
    m.put("cpuSeconds", round(r.cpuSeconds()));
    m.put("baselinePodsPerSecond", round(r.baselinePodsPerSecond()));
    m.put("throughputRatio", Math.round(r.throughputRatio() * 1000) / 1000.0);
    return m;
  }

  static String json(BenchResult r) {
    try {
      return JSON.writeValueAsString(keys(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the bench report as JSON", e);
    }
  }

  /** The figures with the targets of targets.md beside them. */
  static String text(BenchResult r) {
    BenchOptions o = r.options();
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "cube-vk bench %s: %d nodes, %d pods, fake cloud create delay %d ms%n",
            o.scenario(), o.nodes(), r.pods(), o.createDelay().toMillis()));
    s.append(
        "in-process API server over plain HTTP on 127.0.0.1, fake cloud, agent with default"
            + " settings, one JVM\n\n");
    row(s, "what", "measured", "target (targets.md)");
    row(s, "----", "--------", "-------------------");
    row(
        s,
        "wall time to all Running",
        String.format("%.1f s (%.0f pods/s)", r.wallMs() / 1000, r.podsPerSecond()),
        o.scenario() == Scenario.burst && o.pods() == 1600 && o.createDelay().isZero()
            ? "≤ 15 s for 1,600 pods at 0 ms"
            : "");
    Percentiles b = r.boundToRunningMs();
    row(
        s,
        "bound → Running, agent-added",
        String.format(
            "p50 %.0f  p95 %.0f  p99 %.0f  max %.0f ms", b.p50(), b.p95(), b.p99(), b.max()),
        "p99 ≤ 1,000 ms");
    row(
        s,
        "delete → gone",
        String.format("p50 %.0f  p99 %.0f ms", r.deleteToGoneMs().p50(), r.deleteToGoneMs().p99()),
        "p99 ≤ 1,000 ms");
    row(s, "API writes per pod (pods, pods/status)", fmt(r.apiWritesPerPod()), "≤ 4");
    row(s, "events per pod", fmt(r.eventsPerPod()), "(reported separately)");
    row(s, "token requests per pod", fmt(r.tokenRequestsPerPod()), "(reported separately)");
    row(s, "cloud calls per pod (lists included)", fmt(r.cloudCallsPerPod()), "≤ 6 + lists");
    row(s, "  by action", r.cloudCallsByAction().toString(), "");
    row(
        s,
        "idle: agent writes per minute",
        fmt(r.idleWritesPerMinute()) + " " + r.idleWritesByResource(),
        "leases + node heartbeat only");
    row(
        s,
        "idle: cloud list pages per node per poll",
        fmt(r.listPagesPerNodePerPoll()),
        "≤ 2 (pages of 100)");
    row(
        s,
        "heap after GC: with agent / baseline",
        String.format(
            "%s at %d pods / %s at %d pods",
            mib(r.heapBytes()), r.heapPods(), mib(r.baselineHeapBytes()), r.baselineHeapPods()),
        "");
    row(s, "agent's share of the heap", mib(r.agentHeapBytes()), "≤ 256 MiB at 1,600 pods");
    row(
        s,
        "CPU (whole process)",
        String.format(
            "%.1f s with the agent; baseline %.1f s", r.cpuSeconds(), r.baselineCpuSeconds()),
        "");
    row(s, "  CPU s by threads (top 8)", r.cpuSecondsByThreads().toString(), "");
    row(
        s,
        "baseline (plain loop)",
        String.format(
            "%.0f pods/s (create + 2 status patches), %.0f deletes/s",
            r.baselinePodsPerSecond(), r.baselineDeletesPerSecond()),
        "");
    row(s, "throughput vs baseline", String.format("%.0f %%", r.throughputRatio() * 100), "≥ 50 %");
    return s.toString();
  }

  private static void row(StringBuilder s, String what, String measured, String target) {
    s.append(String.format("%-42s %-48s %s%n", what, measured, target));
  }

  private static String fmt(double v) {
    return String.format("%.2f", v);
  }

  private static String mib(long bytes) {
    return String.format("%.0f MiB", bytes / 1048576.0);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
