package io.cubevk.app.it;

import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.cubevk.adapter.k8s.cluster.KubernetesCluster;
import io.cubevk.app.engine.cube.CubeCacheSettings;
import io.cubevk.app.engine.node.NodeController;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.app.engine.pod.EngineMetrics;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One cube-vk agent, assembled the way production assembles it (test code only, until the facade of
 * vk-app replaces it): {@link KubernetesCluster} over a client-java {@link ApiClient}, a cloud, the
 * {@link PodEngine}, and a {@link NodeController} per virtual node whose drain is the engine's.
 * Every port goes through a {@link KillSwitch}, so {@link #kill()} cuts the agent off at once.
 * Public for the chaos suite ({@code io.cubevk.app.chaos}), which builds its own cluster.
 */
public final class Agent implements AutoCloseable {

  static final NodeInfo INFO = new NodeInfo("v1.32.4-cube-vk-it", "UCloud Cube", "amd64");

  /** Engine settings small enough for tests: fast lists and fast paths, a short orphan grace. */
  public static PodEngine.Settings testSettings() {
    return new PodEngine.Settings(
        4,
        new CubeCacheSettings(
            Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(200), 100),
        Duration.ofSeconds(1),
        Duration.ofMillis(300),
        Duration.ofSeconds(30));
  }

  /** Node settings for tests: the Node checked often, so a removed Node comes back quickly. */
  public static NodeSettings nodeSettings() {
    return new NodeSettings(
        Optional.of("127.0.0.1"),
        10250,
        Duration.ofSeconds(10),
        Duration.ofSeconds(40),
        Duration.ofMinutes(5),
        Duration.ofMillis(300));
  }

  private final KubernetesCluster cluster;
  private final KillSwitch killSwitch = new KillSwitch();
  private final KillSwitch.ClusterPorts clusterPorts;
  private final KillSwitch.CloudPorts cloudPorts;
  private final ServedNodes served = new ServedNodes();
  private final PodEngine engine;
  private final ScheduledExecutorService nodeExecutor;
  private final Map<String, NodeController> controllers = new ConcurrentHashMap<>();
  private final List<VirtualNode> nodes;
  private final NodeSettings nodeSettings;
  private final Clock clock;
  private boolean stopped;

  public Agent(
      ApiClient client,
      Object cloud,
      List<VirtualNode> nodes,
      PodEngine.Settings settings,
      NodeSettings nodeSettings) {
    this(client, cloud, nodes, settings, nodeSettings, Clock.systemUTC(), false);
  }

  /**
   * An agent on its own clock (tests that let token lifetimes pass), watching Services when {@code
   * serviceLinks} is on (as production does when any served node has cluster-IP support).
   */
  Agent(
      ApiClient client,
      Object cloud,
      List<VirtualNode> nodes,
      PodEngine.Settings settings,
      NodeSettings nodeSettings,
      Clock clock,
      boolean serviceLinks) {
    this.nodes = List.copyOf(nodes);
    this.nodeSettings = nodeSettings;
    this.clock = clock;
    this.cluster =
        KubernetesCluster.builder(client)
            .clock(clock)
            .eventComponent("cube-vk")
            .serviceLinks(serviceLinks)
            .build();
    this.clusterPorts = killSwitch.cluster(cluster);
    this.cloudPorts = killSwitch.cloud(cloud);
    this.engine =
        PodEngine.create(
            new PodEngine.Ports(
                clusterPorts,
                clusterPorts,
                clusterPorts,
                clusterPorts,
                clusterPorts,
                clusterPorts,
                cloudPorts,
                cloudPorts,
                cloudPorts),
            settings,
            served,
            clock,
            EngineMetrics.NONE);
    this.nodeExecutor =
        Executors.newScheduledThreadPool(
            1, new ThreadFactoryBuilder().setNameFormat("it-node-%d").setDaemon(true).build());
  }

  /** Starts in production's order: informers, their first lists, the engine, the nodes. */
  public Agent start() {
    cluster.start();
    nodes.forEach(n -> cluster.serveNode(n.name()));
    Awaitility.await("informers synced").atMost(Duration.ofSeconds(20)).until(cluster::hasSynced);
    engine.services().forEach(s -> s.startAsync().awaitRunning());
    for (VirtualNode node : nodes) {
      engine.serve(node);
      NodeController controller =
          new NodeController(
              node,
              nodeSettings,
              served.get(node.name()).orElseThrow().state(),
              clusterPorts,
              clusterPorts,
              clusterPorts,
              engine.drain(),
              INFO,
              nodeExecutor,
              clock,
              () -> stoppedServing(node.name()));
      controllers.put(node.name(), controller);
      controller.startAsync().awaitRunning();
    }
    return this;
  }

  /** Whether the agent still serves the node (false once its deletion finished). */
  public boolean serves(String nodeName) {
    return served.get(nodeName).isPresent();
  }

  PodEngine engine() {
    return engine;
  }

  KubernetesCluster cluster() {
    return cluster;
  }

  /**
   * {@code kill -9}: every port refuses from now on, then the remains are stopped in the background
   * (their threads may still run for a moment, but can no longer act).
   */
  public void kill() {
    killSwitch.kill();
    Thread reaper = new Thread(this::close, "it-agent-reaper");
    reaper.setDaemon(true);
    reaper.start();
  }

  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    for (NodeController controller : controllers.values()) {
      controller.stopAsync();
    }
    for (NodeController controller : controllers.values()) {
      awaitQuietly(controller);
    }
    engine.services().forEach(Service::stopAsync);
    engine.services().forEach(Agent::awaitQuietly);
    nodeExecutor.shutdownNow();
    cluster.close();
  }

  private void stoppedServing(String nodeName) {
    engine.stopServing(nodeName);
    cluster.stopServingNode(nodeName);
  }

  private static void awaitQuietly(Service service) {
    try {
      service.awaitTerminated(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // failed or slow to stop: the test's assertions say whether that mattered
    }
  }

  public static List<VirtualNode> nodes(VirtualNode... nodes) {
    return new ArrayList<>(List.of(nodes));
  }
}
