package io.cubevk.app.wiring;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Inject;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.app.engine.pod.EngineMetrics;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.ports.out.cluster.PodCache;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's Prometheus metrics. The engine and the cloud decorator write to them from the start;
 * they are registered with the registry while the agent runs and unregistered when it stops, so an
 * embedder can run (and restart) agents against its own registry.
 */
final class PrometheusAgentMetrics extends AbstractIdleService
    implements EngineMetrics, MeteredCloud.CloudCallMetrics {

  private static final double NANOS_PER_SECOND = 1e9;

  private final PrometheusRegistry registry;
  private final com.google.inject.Provider<PodEngine> engine;
  private final com.google.inject.Provider<NodeSetService> nodeSet;
  private final ServedNodes served;
  private final com.google.inject.Provider<PodCache> pods;

  private final Histogram cloudCalls =
      Histogram.builder()
          .name("cubevk_cube_api_call_duration_seconds")
          .help("Calls to the Cube API (cloud ports), by action and outcome, and their latency")
          .labelNames("action", "outcome")
          .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
          .classicOnly()
          .build();
  private final Counter cloudCallCount =
      Counter.builder()
          .name("cubevk_cube_api_calls_total")
          .help("Calls to the Cube API (cloud ports), by action and outcome")
          .labelNames("action", "outcome")
          .build();
  private final Histogram boundToRunning =
      Histogram.builder()
          .name("cubevk_pod_bound_to_running_seconds")
          .help("Time from the agent first seeing a pod bound to its node to the pod Running")
          .classicUpperBounds(0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120, 300)
          .classicOnly()
          .build();
  private final Histogram reconciles =
      Histogram.builder()
          .name("cubevk_workqueue_work_duration_seconds")
          .help("How long one reconcile step of a pod took, by outcome (done, after, retry, error)")
          .labelNames("outcome")
          .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
          .classicOnly()
          .build();
  private final Histogram queueWaits =
      Histogram.builder()
          .name("cubevk_workqueue_queue_duration_seconds")
          .help("How long a pod waited in the work queue before a worker took it")
          .classicUpperBounds(0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
          .classicOnly()
          .build();
  private final Counter podsFailed =
      Counter.builder()
          .name("cubevk_pods_failed_total")
          .help("Pods the agent set Failed, by reason (OutOfpods, UnsupportedPodSpec, …)")
          .labelNames("reason")
          .build();
  private final List<Collector> callbacks;

  @Inject
  PrometheusAgentMetrics(
      PrometheusRegistry registry,
      com.google.inject.Provider<PodEngine> engine,
      com.google.inject.Provider<NodeSetService> nodeSet,
      ServedNodes served,
      com.google.inject.Provider<PodCache> pods) {
    this.registry = registry;
    this.engine = engine;
    this.nodeSet = nodeSet;
    this.served = served;
    this.pods = pods;
    this.callbacks =
        List.of(
            GaugeWithCallback.builder()
                .name("cubevk_pods")
                .help("Pods bound to the agent's virtual nodes, by node and phase")
                .labelNames("node", "phase")
                .callback(
                    cb ->
                        podsByNodeAndPhase()
                            .forEach(
                                (node, phases) ->
                                    phases.forEach((phase, n) -> cb.call(n, node, phase.word()))))
                .build(),
            GaugeWithCallback.builder()
                .name("cubevk_workqueue_depth")
                .help("Pods waiting in the work queue now")
                .callback(cb -> cb.call(this.engine.get().controller().queueDepth()))
                .build(),
            GaugeWithCallback.builder()
                .name("cubevk_virtual_nodes")
                .help("Virtual nodes the agent serves now")
                .callback(cb -> cb.call(this.served.all().size()))
                .build(),
            CounterWithCallback.builder()
                .name("cubevk_node_lease_renew_failures_total")
                .help("Lease renewals that failed, by node, since the node is served")
                .labelNames("node")
                .callback(
                    cb ->
                        this.nodeSet
                            .get()
                            .leaseRenewFailures()
                            .forEach((node, n) -> cb.call(n, node)))
                .build());
  }

  private Map<String, Map<PodPhase, Integer>> podsByNodeAndPhase() {
    Map<String, Map<PodPhase, Integer>> result = new java.util.TreeMap<>();
    for (ServedNodes.Entry node : served.all()) {
      Map<PodPhase, Integer> phases = new EnumMap<>(PodPhase.class);
      for (PodPhase phase : PodPhase.values()) {
        phases.put(phase, 0); // absent series would read as "no data" rather than zero
      }
      for (PodView pod : pods.get().podsOn(node.settings().name())) {
        phases.merge(pod.phase().orElse(PodPhase.PENDING), 1, Integer::sum);
      }
      result.put(node.settings().name(), phases);
    }
    return result;
  }

  @Override
  protected void startUp() {
    registerAll();
  }

  @Override
  protected void shutDown() {
    for (Collector c : all()) {
      registry.unregister(c);
    }
  }

  @Override
  protected String serviceName() {
    return "metrics";
  }

  private void registerAll() {
    for (Collector c : all()) {
      registry.register(c);
    }
  }

  private List<Collector> all() {
    List<Collector> all =
        new java.util.ArrayList<>(
            List.of(
                cloudCalls, cloudCallCount, boundToRunning, reconciles, queueWaits, podsFailed));
    all.addAll(callbacks);
    return all;
  }

  @Override
  public void called(String action, String outcome, long nanos) {
    cloudCalls.labelValues(action, outcome).observe(nanos / NANOS_PER_SECOND);
    cloudCallCount.labelValues(action, outcome).inc();
  }

  @Override
  public void podStarted(Duration boundToRunning) {
    this.boundToRunning.observe(seconds(boundToRunning));
  }

  @Override
  public void reconciled(String outcome, Duration took) {
    reconciles.labelValues(outcome).observe(seconds(took));
  }

  @Override
  public void podFailed(String reason) {
    podsFailed.labelValues(reason).inc();
  }

  @Override
  public void queueWait(Duration waited) {
    queueWaits.observe(seconds(waited));
  }

  private static double seconds(Duration d) {
    return d.toNanos() / NANOS_PER_SECOND;
  }
}
