package io.cubevk.app.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;

/**
 * CPU time per group of threads (names without their numbers), from the thread MXBean: a
 * profiler-free answer to "who spent the CPU" (agent workers, API server handlers, watch clients,
 * the bench's own driver). Threads that ended in between are not counted.
 */
final class ThreadCpu {

  private final Map<Long, Long> start;

  private ThreadCpu(Map<Long, Long> start) {
    this.start = start;
  }

  static ThreadCpu start() {
    return new ThreadCpu(perThread());
  }

  /** Seconds per thread group since {@link #start()}, the largest first, the top {@code n}. */
  Map<String, Double> top(int n) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new HashMap<>();
    for (Entry<Long, Long> e : perThread().entrySet()) {
      ThreadInfo info = threads.getThreadInfo(e.getKey());
      if (info == null) {
        continue;
      }
      long spent = e.getValue() - start.getOrDefault(e.getKey(), 0L);
      byGroup.merge(group(info.getThreadName()), spent, Long::sum);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() / 1e8) / 10.0));
    return out;
  }

  /** "cube-vk-pod-worker-12" and "OkHttp http://127.0.0.1:4321/..." become one group each. */
  static String group(String name) {
    String g = name.replaceAll("https?://\\S+", "<url>").replaceAll("\\d+", "#");
    return g.length() > 60 ? g.substring(0, 60) : g;
  }

  private static Map<Long, Long> perThread() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    if (!threads.isThreadCpuTimeSupported()) {
      return cpu;
    }
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t >= 0) {
        cpu.put(id, t);
      }
    }
    return cpu;
  }
}
