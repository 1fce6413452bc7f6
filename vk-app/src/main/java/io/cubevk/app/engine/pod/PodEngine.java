package io.cubevk.app.engine.pod;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.cubevk.app.engine.cube.CubeCache;
import io.cubevk.app.engine.cube.CubeCacheSettings;
import io.cubevk.app.engine.node.NodeDrain;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.app.engine.queue.WorkQueue;
import io.cubevk.app.engine.streams.ContainerStreamsService;
import io.cubevk.app.engine.streams.NodeStatsService;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.in.NodeStatsUseCase;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.PodCache;
import io.cubevk.ports.out.cluster.PodRemover;
import io.cubevk.ports.out.cluster.PodStatusWriter;
import io.cubevk.ports.out.cluster.ServiceAccountTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pod side of the engine, assembled: the Cube cache, the work queue and its workers, the orphan
 * collector, the periodic resync, the node drain, and the use cases the kubelet API drives
 * (container streams and usage stats). The wiring (or a test) supplies the ports; {@link
 * #services()} are run by the application's service manager.
 */
public final class PodEngine {

  /** The out-ports the pod side drives. */
  public record Ports(
      PodCache pods,
      PodStatusWriter statusWriter,
      PodRemover remover,
      ClusterEvents events,
      InputsLookup inputs,
      ServiceAccountTokens serviceAccountTokens,
      CubeCloud cloud,
      ElasticIps elasticIps,
      Disks disks) {}

  /**
   * @param workers pod workers running reconcile steps in parallel
   * @param cubeCache how the Cube cache polls the cloud
   * @param orphanGrace how long a Cube without a pod is left alone before it is deleted
   * @param orphanInterval how often the orphan collector sweeps
   * @param resyncInterval how often every pod's status is compared with the cluster again
   * @param stats how usage is fetched from the cloud for {@link #stats()}
   */
  public record Settings(
      int workers,
      CubeCacheSettings cubeCache,
      Duration orphanGrace,
      Duration orphanInterval,
      Duration resyncInterval,
      NodeStatsService.Settings stats) {

    /** Settings with the default stats refresh. */
    public Settings(
        int workers,
        CubeCacheSettings cubeCache,
        Duration orphanGrace,
        Duration orphanInterval,
        Duration resyncInterval) {
      this(
          workers,
          cubeCache,
          orphanGrace,
          orphanInterval,
          resyncInterval,
          NodeStatsService.Settings.defaults());
    }

    public static Settings defaults() {
      return new Settings(
          16,
          CubeCacheSettings.defaults(),
          Duration.ofMinutes(2),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60));
    }

    /** The same settings with another stats refresh. */
    public Settings withStats(NodeStatsService.Settings newStats) {
      return new Settings(
          workers, cubeCache, orphanGrace, orphanInterval, resyncInterval, newStats);
    }
  }

  private final ScheduledExecutorService scheduler;
  private final CubeCache cubes;
  private final PodController controller;
  private final OrphanCollector orphans;
  private final CubeNodeDrain drain;
  private final ServedNodes nodes;
  private final PodLedger ledger;
  private final PodCache pods;
  private final WorkQueue<PodUid> queue;
  private final Settings settings;
  private final Housekeeping housekeeping = new Housekeeping();
  private final ContainerStreamsService streams;
  private final NodeStatsService stats;

  private PodEngine(
      Ports ports, Settings settings, ServedNodes nodes, Clock clock, EngineMetrics metrics) {
    this.settings = settings;
    this.nodes = nodes;
    this.pods = ports.pods();
    this.scheduler =
        Executors.newScheduledThreadPool(
            2,
            new ThreadFactoryBuilder().setNameFormat("cube-vk-cubes-%d").setDaemon(true).build());
    this.queue = WorkQueue.withDefaults();
    queue.observeWaits(metrics::queueWait);
    this.cubes = new CubeCache(ports.cloud(), settings.cubeCache(), scheduler, queue::add);
    this.ledger = new PodLedger();
    PodReconciler reconciler =
        new PodReconciler(
            new PodReconciler.Collaborators(
                ports.pods(),
                cubes,
                ports.cloud(),
                new ElasticIpBinder(ports.cloud(), ports.elasticIps()),
                ports.statusWriter(),
                ports.remover(),
                ports.events(),
                ports.inputs(),
                ports.serviceAccountTokens(),
                new TokenCache(clock),
                ledger,
                nodes,
                clock,
                metrics));
    this.controller =
        new PodController(
            reconciler,
            queue,
            ports.pods(),
            ports.inputs(),
            nodes,
            ledger,
            settings.workers(),
            metrics);
    this.orphans =
        new OrphanCollector(
            cubes,
            ports.pods(),
            ports.cloud(),
            nodes,
            clock,
            settings.orphanGrace(),
            settings.orphanInterval());
    this.drain =
        new CubeNodeDrain(
            cubes, ports.cloud(), ports.disks(), ports.pods(), ports.remover(), ports.inputs());
    this.streams = new ContainerStreamsService(ports.pods(), cubes, ports.cloud());
    this.stats =
        new NodeStatsService(ports.pods(), cubes, ports.cloud(), nodes, clock, settings.stats());
  }

  public static PodEngine create(
      Ports ports, Settings settings, ServedNodes nodes, Clock clock, EngineMetrics metrics) {
    return new PodEngine(ports, settings, nodes, clock, metrics);
  }

  /** The long-running pieces, for the service manager. */
  public List<Service> services() {
    return List.of(housekeeping, controller, orphans, stats.service());
  }

  /** Starts serving a node's pods and Cubes. */
  public void serve(VirtualNode node) {
    nodes.serve(node);
    cubes.serve(node.name());
    controller.enqueueAll(node.name());
  }

  /** Stops serving a node (its Cubes are kept). */
  public void stopServing(String nodeName) {
    nodes.stopServing(nodeName);
    cubes.stopServing(nodeName);
  }

  public NodeDrain drain() {
    return drain;
  }

  public CubeCache cubes() {
    return cubes;
  }

  public PodController controller() {
    return controller;
  }

  /** Logs, exec, attach and port-forward of the served pods, for the kubelet API. */
  public ContainerStreamsUseCase streams() {
    return streams;
  }

  /** Usage of the served nodes and their pods, for the kubelet API's stats and metrics. */
  public NodeStatsUseCase stats() {
    return stats;
  }

  /** Owns the cache's scheduler and the periodic full resync. */
  private final class Housekeeping extends AbstractIdleService {
    private ScheduledFuture<?> resync;

    @Override
    protected void startUp() {
      long every = settings.resyncInterval().toMillis();
      resync =
          scheduler.scheduleWithFixedDelay(this::resyncAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Every pod is looked at again and its status compared with the cluster's copy (the status
     * writer sends nothing when they agree), which repairs a status someone else changed.
     */
    private void resyncAll() {
      for (ServedNodes.Entry node : nodes.all()) {
        pods.podsOn(node.settings().name())
            .forEach(
                pod -> {
                  ledger.forgetReported(pod.uid());
                  queue.add(pod.uid());
                });
      }
    }

    @Override
    protected void shutDown() {
      resync.cancel(false);
      cubes.close();
      scheduler.shutdownNow();
    }

    @Override
    protected String serviceName() {
      return "pod engine housekeeping";
    }
  }
}
