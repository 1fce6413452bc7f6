package io.cubevk.app.engine.streams;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.cubevk.app.engine.cube.CubeCache;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.ports.in.ContainerStats;
import io.cubevk.ports.in.NodeStats;
import io.cubevk.ports.in.NodeStatsUseCase;
import io.cubevk.ports.in.PodRef;
import io.cubevk.ports.in.PodStats;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.UsageSample;
import io.cubevk.ports.out.cluster.PodCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage of the served nodes: per node, its pods that have a Cube, and per pod its running
 * containers with their latest {@link UsageSample} and cumulative CPU time.
 *
 * <p>The cloud's metrics are one call per container, and metrics-server scrapes every node every 15
 * s (and {@code /stats/summary} callers come on top), so scrapes never call the cloud themselves:
 * they read a cache, and a container's samples are fetched again only once they are {@link
 * Settings#refreshInterval()} old, on one background thread, in the samples' window since the last
 * one seen. A scrape that finds containers never fetched waits (up to {@link
 * Settings#firstScrapeWait()}) for that refresh, so that the first {@code kubectl top} after a pod
 * starts is not empty; later scrapes serve the cache while the refresh runs. A failed fetch counts
 * as a fetch (the next try is one interval later), so an outage neither multiplies calls nor slows
 * every scrape. A cloud that has no metrics at all is asked once.
 */
public final class NodeStatsService implements NodeStatsUseCase {

  private static final Logger log = LoggerFactory.getLogger(NodeStatsService.class);

  /**
   * @param refreshInterval how old a container's samples may get before the cloud is asked again
   * @param lookback how far back the first fetch of a container run looks, and the longest window
   *     ever asked for (after a long pause with no scrapes, the gap is bridged by the integral
   *     between the samples either side of it)
   * @param firstScrapeWait how long a scrape waits for containers never fetched before
   */
  public record Settings(Duration refreshInterval, Duration lookback, Duration firstScrapeWait) {

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(5));
    }
  }

  private final PodCache pods;
  private final CubeCache cubes;
  private final CubeCloud cloud;
  private final ServedNodes nodes;
  private final Clock clock;
  private final Settings settings;
  private final ExecutorService refresher;
  private final Map<SeriesKey, UsageSeries> series = new ConcurrentHashMap<>();
  private final Map<String, Instant> nodeStarts = new ConcurrentHashMap<>();
  private final Object refreshLock = new Object();
  private CompletableFuture<Void> refreshing; // guarded by refreshLock
  private volatile boolean metricsUnsupported;
  private final Service lifecycle =
      new AbstractIdleService() {
        @Override
        protected void startUp() {}

        @Override
        protected void shutDown() {
          refresher.shutdownNow();
        }

        @Override
        protected String serviceName() {
          return "node stats refresher";
        }
      };

  public NodeStatsService(
      PodCache pods,
      CubeCache cubes,
      CubeCloud cloud,
      ServedNodes nodes,
      Clock clock,
      Settings settings) {
    this.pods = pods;
    this.cubes = cubes;
    this.cloud = cloud;
    this.nodes = nodes;
    this.clock = clock;
    this.settings = settings;
    this.refresher =
        Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder().setNameFormat("cube-vk-stats").setDaemon(true).build());
  }

  /** Stops the refresher thread when the engine stops (one instance, for the service manager). */
  public Service service() {
    return lifecycle;
  }

  @Override
  public List<NodeStats> stats() {
    List<Target> targets = targets();
    Instant now = clock.instant();
    if (!metricsUnsupported) {
      Set<SeriesKey> due = new HashSet<>();
      boolean neverFetched = false;
      for (Target target : targets) {
        if (target.container().isEmpty()) {
          continue;
        }
        UsageSeries known = series.get(target.key());
        Optional<Instant> fetched =
            known == null || !known.runStart().equals(target.runStart())
                ? Optional.empty()
                : known.lastFetch();
        if (fetched.isEmpty()) {
          neverFetched = true;
          due.add(target.key());
        } else if (!fetched.get().plus(settings.refreshInterval()).isAfter(now)) {
          due.add(target.key());
        }
      }
      if (!due.isEmpty()) {
        CompletableFuture<Void> refresh = refresh(targets);
        if (neverFetched) {
          awaitQuietly(refresh);
        }
      }
    }
    return report(targets);
  }

  /** Every running container of every pod with a Cube on a served node. */
  private List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (ServedNodes.Entry node : nodes.all()) {
      String nodeName = node.settings().name();
      for (PodView pod : pods.podsOn(nodeName)) {
        Optional<ObservedCube> cube = cubes.byPod(pod.uid());
        if (cube.isEmpty()) {
          continue;
        }
        List<CubeContainerStatus> running =
            cube.get().status().containerStatuses().stream()
                .filter(s -> s.state() instanceof ContainerState.Running)
                .toList();
        if (running.isEmpty()) {
          targets.add(new Target(nodeName, pod, cube.get(), Optional.empty()));
        }
        for (CubeContainerStatus container : running) {
          targets.add(new Target(nodeName, pod, cube.get(), Optional.of(container)));
        }
      }
    }
    return targets;
  }

  private CompletableFuture<Void> refresh(List<Target> targets) {
    synchronized (refreshLock) {
      if (refreshing != null && !refreshing.isDone()) {
        return refreshing;
      }
      try {
        refreshing = CompletableFuture.runAsync(() -> fetchDue(targets), refresher);
      } catch (RejectedExecutionException stopped) {
        refreshing = CompletableFuture.completedFuture(null); // the engine stops: cache only
      }
      return refreshing;
    }
  }

  private void awaitQuietly(CompletableFuture<Void> refresh) {
    try {
      refresh.get(settings.firstScrapeWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.debug("usage not fetched within {}; serving what is known", settings.firstScrapeWait());
    } catch (ExecutionException e) {
      log.warn("refreshing usage failed unexpectedly", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** On the refresher thread: fetch what is due, forget runs that are gone. */
  private void fetchDue(List<Target> targets) {
    Set<SeriesKey> live = new HashSet<>();
    for (Target target : targets) {
      if (target.container().isEmpty()) {
        continue;
      }
      live.add(target.key());
      if (metricsUnsupported) {
        continue;
      }
      Instant now = clock.instant();
      UsageSeries known =
          series.compute(
              target.key(),
              (k, s) ->
                  s == null || !s.runStart().equals(target.runStart())
                      ? new UsageSeries(target.runStart()) // a new run counts from zero
                      : s);
      Optional<Instant> fetched = known.lastFetch();
      if (fetched.isPresent() && fetched.get().plus(settings.refreshInterval()).isAfter(now)) {
        continue;
      }
      fetch(target, known, now);
    }
    series.keySet().retainAll(live);
  }

  private void fetch(Target target, UsageSeries known, Instant now) {
    Instant earliest = now.minus(settings.lookback());
    Instant from =
        known
            .latestSampleTime()
            .map(t -> t.plusMillis(1))
            .or(() -> target.runStart())
            .filter(t -> t.isAfter(earliest))
            .orElse(earliest);
    try {
      List<UsageSample> samples =
          cloud.metrics(target.cube().cubeId(), target.key().container(), from, now);
      known.add(samples);
    } catch (CloudFailure.Unsupported e) {
      metricsUnsupported = true;
      log.info("the cloud has no container metrics ({}): stats carry no usage", e.getMessage());
    } catch (CloudFailure e) {
      log.debug(
          "metrics of {} container {} failed: {}",
          target.pod().key(),
          target.key().container(),
          e.getMessage());
    } catch (RuntimeException e) {
      log.warn(
          "metrics of {} container {} failed unexpectedly",
          target.pod().key(),
          target.key().container(),
          e);
    }
    known.fetched(now);
  }

  private List<NodeStats> report(List<Target> targets) {
    List<NodeStats> out = new ArrayList<>();
    for (ServedNodes.Entry node : nodes.all()) {
      String nodeName = node.settings().name();
      Instant start = nodeStarts.computeIfAbsent(nodeName, n -> clock.instant());
      // Targets come pod by pod, each pod's containers together.
      Map<PodUid, PodStats> byPod = new LinkedHashMap<>();
      for (Target target : targets) {
        if (!target.nodeName().equals(nodeName)) {
          continue;
        }
        PodStats pod =
            byPod.computeIfAbsent(
                target.pod().uid(),
                uid ->
                    new PodStats(
                        PodRef.of(target.pod().namespace(), target.pod().name()),
                        uid,
                        target.cube().status().startTime(),
                        List.of()));
        if (target.container().isPresent()) {
          List<ContainerStats> containers = new ArrayList<>(pod.containers());
          containers.add(containerStats(target, target.container().get()));
          byPod.put(pod.uid(), new PodStats(pod.pod(), pod.uid(), pod.startTime(), containers));
        }
      }
      out.add(new NodeStats(nodeName, start, List.copyOf(byPod.values())));
    }
    nodeStarts.keySet().retainAll(out.stream().map(NodeStats::nodeName).toList());
    return out;
  }

  private ContainerStats containerStats(Target target, CubeContainerStatus container) {
    UsageSeries known = series.get(target.key());
    Optional<UsageSeries.Snapshot> snapshot =
        known == null || !known.runStart().equals(target.runStart())
            ? Optional.empty()
            : known.snapshot();
    return new ContainerStats(
        container.name(),
        target.runStart(),
        snapshot.map(UsageSeries.Snapshot::sample),
        snapshot.map(UsageSeries.Snapshot::cpuCoreNanoSeconds));
  }

  /** A container run of a Cube; a new run (restart) is a new series. */
  private record SeriesKey(CubeId cube, String container) {}

  /** A pod with a Cube on a served node, and one of its running containers (if any). */
  private record Target(
      String nodeName, PodView pod, ObservedCube cube, Optional<CubeContainerStatus> container) {

    SeriesKey key() {
      return new SeriesKey(cube.cubeId(), container.map(CubeContainerStatus::name).orElse(""));
    }

    Optional<Instant> runStart() {
      return container
          .map(CubeContainerStatus::state)
          .filter(ContainerState.Running.class::isInstance)
          .map(s -> ((ContainerState.Running) s).startedAt());
    }
  }
}
