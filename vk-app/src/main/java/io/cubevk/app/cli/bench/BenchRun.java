package io.cubevk.app.cli.bench;

import io.cubevk.adapter.fake.apiserver.RecordedRequest;
import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.adapter.fake.cloud.CallLog;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.domain.node.VirtualNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One bench run: the baseline on the API server (a warm-up pass, then the measured pass), then the
 * scenario with the agent on the same server. The baseline goes first so that nothing the agent
 * leaves behind can count in the baseline's heap; the warm-up pass gives both a warm server.
 */
final class BenchRun {

  static final String NAMESPACE = "bench";
  static final String BASELINE_NAMESPACE = "bench-baseline";

  private final BenchOptions options;
  private final Progress progress;

  BenchRun(BenchOptions options, Progress progress) {
    this.options = options;
    this.progress = progress;
  }

  BenchResult run() {
    try (BenchWorld world =
        BenchWorld.start(options.nodes(), options.createDelay(), options.seed())) {
      PodTimeline timeline = new PodTimeline(NAMESPACE);
      world.server().store().addListener(timeline::onChange);
      world.createNamespace(NAMESPACE);
      world.createNamespace(BASELINE_NAMESPACE);
      ApiDriver driver = new ApiDriver(world.server().url(), world.workers());
      try {
        // The baseline first, on a server no agent has touched: nothing of the agent can be
        // left in its heap. A first unmeasured pass warms the server's code for both.
        Baseline baseline = new Baseline(world, driver, BASELINE_NAMESPACE, progress);
        baseline.run(options.pods(), 0, "warm-up");
        Baseline.Result base = baseline.run(options.pods(), baselineHeapPods(), "baseline");
        world.startAgent();
        return measure(world, timeline, driver, base);
      } finally {
        driver.close();
      }
    }
  }

  /**
   * The pods the baseline holds when its heap is measured: as many as the agent will hold when its
   * heap is measured (burst, idle: all; churn: those of the last lifetime, rate × lifetime).
   */
  private int baselineHeapPods() {
    if (options.scenario() != Scenario.churn) {
      return options.pods();
    }
    long steady = Math.round(options.rate() * (options.lifetime().toMillis() / 1000.0));
    return (int) Math.max(1, Math.min(options.pods(), steady));
  }

  private BenchResult measure(
      BenchWorld world, PodTimeline timeline, ApiDriver driver, Baseline.Result baseline) {
    RequestLog requests = world.server().requestLog();
    CallLog calls = world.cloud().callLog();
    requests.clear();
    calls.clear();
    long cpuStart = ProcessProbe.cpuNanos();
    ThreadCpu threadCpu = ThreadCpu.start();
    long start = System.nanoTime();

    // 1. load: the user's creates (and, for churn, deletes)
    List<String> created =
        options.scenario() == Scenario.churn
            ? churn(world, timeline, driver)
            : createAtOnce(world, timeline, driver);
    awaitAtLeast("pods Running", timeline::everRunning, created.size(), "pods");
    long lastRunning =
        timeline.all().values().stream().mapToLong(m -> m.running).max().orElse(start);
    double wallMs = (lastRunning - start) / 1e6;

    // 2. heap with the agent and its pods Running
    long gcCpu = ProcessProbe.cpuNanos();
    int heapPods = (int) timeline.running();
    long heap = ProcessProbe.heapAfterGc();
    gcCpu = ProcessProbe.cpuNanos() - gcCpu;

    // 3. quiet spell: nothing changes
    Duration quiet = options.quietSpell();
    Predicate<RecordedRequest> agentWrite =
        r -> r.user().equals(BenchWorld.AGENT_USER) && r.isWrite();
    // The event recorder trails a burst (one thread, bounded backlog): the quiet spell starts
    // once the agent has written nothing but leases and node status for two seconds.
    settle(
        requests,
        agentWrite.and(r -> !r.resource().equals("leases") && !r.resource().equals("nodes")));
    long writesBefore = requests.count(agentWrite);
    Map<String, Long> idleBefore = byResource(requests, agentWrite);
    long listsBefore = calls.count(CloudAction.LIST_CUBE_POD);
    long quietStart = System.nanoTime();
    try (Progress.Phase phase = progress.phase("idle", Progress.seconds(quiet), "s")) {
      long end = quietStart + quiet.toNanos();
      while (System.nanoTime() < end) {
        sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        phase.at((System.nanoTime() - quietStart) / 1_000_000_000);
      }
    }
    double quietMinutes = (System.nanoTime() - quietStart) / 60e9;
    long idleWrites = requests.count(agentWrite) - writesBefore;
    Map<String, Long> idleByResource = byResource(requests, agentWrite);
    idleBefore.forEach((k, v) -> idleByResource.merge(k, -v, Long::sum));
    idleByResource.values().removeIf(v -> v == 0);
    double polls = quietMinutes * 60 / world.listInterval().toSeconds();
    double listPagesPerNodePerPoll =
        polls < 1
            ? 0
            : (calls.count(CloudAction.LIST_CUBE_POD) - listsBefore) / (options.nodes() * polls);

    // 4. the user deletes every pod left; the agent finishes each deletion
    List<String> left =
        created.stream().filter(n -> timeline.moments(n).deleteRequested == 0).toList();
    try (Progress.Phase phase = progress.phase("delete", created.size(), "pods")) {
      Thread ticker = ticker(phase, timeline::gone);
      ApiDriver.inParallel(world.workers(), left, name -> driver.deletePod(NAMESPACE, name, null));
      awaitAtLeast("pods gone", timeline::gone, created.size(), "pods");
      ticker.interrupt();
      phase.at(timeline.gone());
    }
    double cpuSeconds = (ProcessProbe.cpuNanos() - cpuStart - gcCpu) / 1e9;
    Map<String, Double> cpuByThreads = threadCpu.top(8);

    // 5. what the agent wrote and asked of the cloud
    int pods = created.size();
    long podWrites =
        requests.count(
            agentWrite.and(
                r ->
                    r.namespace().equals(NAMESPACE)
                        && (r.resourcePath().equals("pods")
                            || r.resourcePath().equals("pods/status"))));
    long eventWrites = requests.count(agentWrite.and(r -> r.resource().equals("events")));
    long tokenRequests =
        requests.count(agentWrite.and(r -> r.resourcePath().equals("serviceaccounts/token")));
    Map<String, Long> byAction = new TreeMap<>();
    for (CloudAction action : CloudAction.values()) {
      long n = calls.count(action);
      if (n > 0) {
        byAction.put(action.wireName(), n);
      }
    }
    double createDelayMs = options.createDelay().toNanos() / 1e6;
    double[] added =
        created.stream()
            .map(timeline::moments)
            .filter(m -> m.running != 0 && m.bound != 0)
            .mapToDouble(m -> Math.max(0, (m.running - m.bound) / 1e6 - createDelayMs))
            .toArray();
    double[] deleteToGone =
        created.stream()
            .map(timeline::moments)
            .filter(m -> m.gone != 0 && m.deleteRequested != 0)
            .mapToDouble(m -> (m.gone - m.deleteRequested) / 1e6)
            .toArray();
    List<double[]> runningOverTime = new ArrayList<>();
    int population = 0;
    for (PodTimeline.Step step : timeline.steps()) {
      population += step.delta();
      runningOverTime.add(new double[] {(step.nanos() - start) / 1e9, population});
    }

    world.stopAgent();
    return new BenchResult(
        options,
        pods,
        wallMs,
        pods / (wallMs / 1000),
        Percentiles.of(added),
        Percentiles.of(deleteToGone),
        (double) podWrites / pods,
        (double) eventWrites / pods,
        (double) calls.total() / pods,
        idleWrites / quietMinutes,
        heap,
        baseline.heapBytes(),
        cpuSeconds,
        baseline.podsPerSecond(),
        heapPods,
        (double) tokenRequests / pods,
        byAction,
        idleByResource,
        listPagesPerNodePerPoll,
        baseline.cpuSeconds(),
        baseline.deletesPerSecond(),
        baseline.heapPods(),
        cpuByThreads,
        added,
        runningOverTime);
  }

  /** burst and idle: every pod created at once, by as many threads as the agent has workers. */
  private List<String> createAtOnce(BenchWorld world, PodTimeline timeline, ApiDriver driver) {
    List<String> names = new ArrayList<>();
    List<VirtualNode> nodes = world.nodes();
    for (int i = 0; i < options.pods(); i++) {
      names.add(String.format("%s-%05d", options.scenario(), i));
    }
    try (Progress.Phase phase = progress.phase("create", names.size(), "pods Running")) {
      Thread ticker = ticker(phase, timeline::everRunning);
      ApiDriver.inParallel(
          world.workers(),
          java.util.stream.IntStream.range(0, names.size()).boxed().toList(),
          i -> driver.createPod(NAMESPACE, names.get(i), nodes.get(i % nodes.size()).name()));
      awaitAtLeast("pods Running", timeline::everRunning, names.size(), "pods");
      ticker.interrupt();
      phase.at(timeline.everRunning());
    }
    return names;
  }

  /**
   * churn: {@code rate} pods a second for {@code duration}, each deleted {@code lifetime} after it
   * is reported Running; returns every pod created.
   */
  private List<String> churn(BenchWorld world, PodTimeline timeline, ApiDriver driver) {
    List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
    Set<String> deleting = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    List<VirtualNode> nodes = world.nodes();
    ExecutorService writers = Executors.newFixedThreadPool(world.workers());
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(1);
    long lifetime = options.lifetime().toNanos();
    clock.scheduleAtFixedRate(
        () -> {
          int i = next.getAndIncrement();
          String name = String.format("churn-%05d", i);
          names.add(name);
          writers.execute(
              () -> driver.createPod(NAMESPACE, name, nodes.get(i % nodes.size()).name()));
        },
        0,
        1_000_000_000L / options.rate(),
        TimeUnit.NANOSECONDS);
    clock.scheduleWithFixedDelay(
        () -> {
          long now = System.nanoTime();
          for (String name : names) {
            PodTimeline.Moments m = timeline.moments(name);
            if (m != null && m.running != 0 && now - m.running >= lifetime && deleting.add(name)) {
              writers.execute(() -> driver.deletePod(NAMESPACE, name, null));
            }
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    try (Progress.Phase phase =
        progress.phase("churn", Progress.seconds(options.duration()), "s")) {
      long end = start + options.duration().toNanos();
      while (System.nanoTime() < end) {
        sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        phase.at((System.nanoTime() - start) / 1_000_000_000);
      }
    }
    clock.shutdownNow();
    writers.shutdown();
    try {
      if (!writers.awaitTermination(options.timeout().toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("churn: the last creates and deletes did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return List.copyOf(names);
  }

  /** Waits until {@code writes} have not grown for two seconds (at most one minute). */
  private static void settle(RequestLog requests, Predicate<RecordedRequest> writes) {
    long start = System.nanoTime();
    long last = requests.count(writes);
    long lastChange = start;
    while (System.nanoTime() - lastChange < 2_000_000_000L
        && System.nanoTime() - start < 60_000_000_000L) {
      sleep(250);
      long now = requests.count(writes);
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
    }
  }

  /** A thread that moves a progress phase on from a counter, until interrupted. */
  private static Thread ticker(Progress.Phase phase, LongSupplier count) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                phase.at(count.getAsLong());
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void awaitAtLeast(String what, LongSupplier count, long target, String unit) {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (count.getAsLong() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            String.format(
                "%s: only %d of %d %s after %d s (--timeout); the agent is stuck or far too slow",
                what, count.getAsLong(), target, unit, options.timeout().toSeconds()));
      }
      sleep(20);
    }
  }

  private static Map<String, Long> byResource(
      RequestLog requests, Predicate<RecordedRequest> filter) {
    Map<String, Long> out = new TreeMap<>();
    for (RecordedRequest r : requests.matching(filter)) {
      out.merge(r.verb() + " " + r.resourcePath(), 1L, Long::sum);
    }
    return out;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
