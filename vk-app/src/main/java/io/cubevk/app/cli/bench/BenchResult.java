package io.cubevk.app.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * What one bench run measured. The first fields are the keys of {@code -o json} (issue 11); the
 * rest are shown in the text report and the chart.
 *
 * @param boundToRunningMs per pod: bound → Running reported, minus the fake cloud's create delay
 * @param deleteToGoneMs per pod: deletion requested → Pod object gone
 * @param apiWritesPerPod the agent's writes to pods and pods/status, per pod
 * @param eventsPerPod the agent's writes to events, per pod
 * @param cloudCallsPerPod every cloud call of the run (lists included), per pod
 * @param idleWritesPerMinute the agent's writes of any kind during the quiet spell
 * @param heapBytes heap after GC with the agent and its pods Running
 * @param baselineHeapBytes heap after GC without the agent, the same number of pods in the server
 * @param cpuSeconds process CPU from the first create to the last pod gone (GC probes excluded)
 */
record BenchResult(
    BenchOptions options,
    int pods,
    double wallMs,
    double podsPerSecond,
    Percentiles boundToRunningMs,
    Percentiles deleteToGoneMs,
    double apiWritesPerPod,
    double eventsPerPod,
    double cloudCallsPerPod,
    double idleWritesPerMinute,
    long heapBytes,
    long baselineHeapBytes,
    double cpuSeconds,
    double baselinePodsPerSecond,
    // shown in the text report only
    int heapPods,
    double tokenRequestsPerPod,
    Map<String, Long> cloudCallsByAction,
    Map<String, Long> idleWritesByResource,
    double listPagesPerNodePerPoll,
    double baselineCpuSeconds,
    double baselineDeletesPerSecond,
    int baselineHeapPods,
    Map<String, Double> cpuSecondsByThreads,
    // the chart
    double[] agentAddedMs,
    List<double[]> runningOverTime) {

  long agentHeapBytes() {
    return heapBytes - baselineHeapBytes;
  }

  double throughputRatio() {
    return baselinePodsPerSecond == 0 ? 0 : podsPerSecond / baselinePodsPerSecond;
  }
}
