package io.cubevk.app.wiring;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.inject.Inject;
import io.cubevk.app.engine.node.NodeController;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.NodeLeases;
import io.cubevk.ports.out.cluster.NodeObjects;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual nodes the agent serves, one {@link NodeController} each, following the node set as it
 * changes while the agent runs: an added node registers; a node that leaves the set is only no
 * longer served (its Node object and Cubes stay: deleting Cubes takes {@code kubectl delete node});
 * a node whose settings changed is served again with the new ones. A node deleted through the
 * cluster is not registered again while it is still listed (that would undo the deletion).
 */
final class NodeSetService extends AbstractIdleService {

  private static final Logger log = LoggerFactory.getLogger(NodeSetService.class);

  private record Running(VirtualNode node, NodeController controller) {}

  private final AgentSettings settings;
  private final PodEngine engine;
  private final ServedNodes served;
  private final ClusterScope scope;
  private final NodeObjects nodes;
  private final NodeLeases leases;
  private final ClusterEvents events;
  private final Clock clock;
  private final KubeletEndpoints kubelets;
  private final ScheduledExecutorService executor =
      Executors.newScheduledThreadPool(
          2, new ThreadFactoryBuilder().setNameFormat("cube-vk-nodes-%d").setDaemon(true).build());

  // Guarded by this.
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final Set<String> deleted = new HashSet<>();
  private List<VirtualNode> desired;

  @Inject
  NodeSetService(
      AgentSettings settings,
      PodEngine engine,
      ServedNodes served,
      ClusterScope scope,
      NodeObjects nodes,
      NodeLeases leases,
      ClusterEvents events,
      Clock clock,
      KubeletEndpoints kubelets) {
    this.settings = settings;
    this.engine = engine;
    this.served = served;
    this.scope = scope;
    this.nodes = nodes;
    this.leases = leases;
    this.events = events;
    this.clock = clock;
    this.kubelets = kubelets;
    this.desired = settings.nodes();
  }

  @Override
  protected synchronized void startUp() {
    for (VirtualNode node : desired) {
      // At start every node must come up: a node refused now (a ninth virtual node, an API
      // server that refuses the Node) fails the agent with the reason rather than run half.
      serve(node);
    }
  }

  @Override
  protected void shutDown() throws InterruptedException {
    List<Running> stopping;
    synchronized (this) {
      stopping = List.copyOf(running.values());
      running.clear();
    }
    stopping.forEach(r -> r.controller().stopAsync());
    stopping.forEach(r -> r.controller().awaitTerminated());
    stopping.forEach(r -> kubelets.close(r.node().name()));
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Override
  protected String serviceName() {
    return "node set";
  }

  /** The node set last asked for. */
  synchronized List<VirtualNode> desired() {
    return desired;
  }

  /** The names of the nodes served now. */
  synchronized List<String> servedNodes() {
    return List.copyOf(running.keySet());
  }

  /** Lease renewals that failed since start, per served node. */
  synchronized Map<String, Long> leaseRenewFailures() {
    Map<String, Long> failures = new LinkedHashMap<>();
    running.forEach((name, r) -> failures.put(name, r.controller().leaseRenewFailures()));
    return failures;
  }

  /**
   * Makes the served nodes follow a new node set. Problems with one node (refused, unreachable API
   * server) are logged and leave the others alone; the node is tried again with the next update
   * that lists it.
   */
  synchronized void update(List<VirtualNode> nodeSet) {
    desired = List.copyOf(nodeSet);
    if (state() != State.RUNNING) {
      return; // startUp serves the latest set
    }
    Map<String, VirtualNode> wanted =
        nodeSet.stream()
            .collect(
                Collectors.toMap(
                    VirtualNode::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    deleted.retainAll(wanted.keySet());
    for (String name : List.copyOf(running.keySet())) {
      VirtualNode now = wanted.get(name);
      if (now == null) {
        log.info(
            "node {} left the node set: no longer served; its Node and Cubes are kept"
                + " (kubectl delete node {} deletes them)",
            name,
            name);
        stopServing(name);
      } else if (!now.equals(running.get(name).node())) {
        log.info("node {} changed in the node set: serving it with the new settings", name);
        stopServing(name);
      }
    }
    for (VirtualNode node : wanted.values()) {
      if (running.containsKey(node.name()) || deleted.contains(node.name())) {
        continue;
      }
      try {
        serve(node);
      } catch (RuntimeException e) {
        log.error("cannot serve node {}: {}", node.name(), rootMessage(e));
      }
    }
  }

  private void serve(VirtualNode node) {
    scope.serveNode(node.name());
    engine.serve(node);
    int kubeletPort;
    try {
      kubeletPort = kubelets.open(node);
    } catch (RuntimeException e) {
      engine.stopServing(node.name());
      scope.stopServingNode(node.name());
      throw new IllegalStateException(
          "cannot serve virtual node " + node.name() + ": " + rootMessage(e), e);
    }
    NodeController controller =
        new NodeController(
            node,
            settings.node().withKubeletPort(kubeletPort),
            served.get(node.name()).orElseThrow().state(),
            nodes,
            leases,
            events,
            engine.drain(),
            settings.nodeInfo(),
            executor,
            clock,
            () -> nodeDeleted(node.name()));
    try {
      controller.startAsync().awaitRunning();
    } catch (IllegalStateException e) {
      kubelets.close(node.name());
      engine.stopServing(node.name());
      scope.stopServingNode(node.name());
      throw new IllegalStateException(
          "cannot serve virtual node " + node.name() + ": " + rootMessage(e), e);
    }
    running.put(node.name(), new Running(node, controller));
    log.info(
        "serving virtual node {} (zone {}, max pods {}, kubelet port {})",
        node.name(),
        node.zone(),
        node.maxPods(),
        kubeletPort);
  }

  private void stopServing(String name) {
    Running r = running.remove(name);
    if (r != null) {
      r.controller().stopAsync().awaitTerminated();
    }
    engine.stopServing(name);
    scope.stopServingNode(name);
    // Last: closing ends the node's open streams, and no pod of it may be admitted meanwhile.
    kubelets.close(name);
  }

  private synchronized void nodeDeleted(String name) {
    if (!running.containsKey(name)) {
      return;
    }
    stopServing(name);
    if (desired.stream().anyMatch(n -> n.name().equals(name))) {
      deleted.add(name);
      log.warn(
          "node {} was deleted but is still in the node set: it is not registered again while"
              + " this agent runs, but will be after a restart; remove it from the node set"
              + " (cube-vk node delete {} does both)",
          name,
          name);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Optional.ofNullable(root.getMessage()).orElse(root.toString());
  }
}
