package io.cubevk.app.engine.node;

import com.google.common.util.concurrent.AbstractIdleService;
import io.cubevk.domain.node.NodeDescription;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.cubevk.ports.out.cluster.NodeLeases;
import io.cubevk.ports.out.cluster.NodeObjects;
import io.cubevk.ports.out.cluster.ObjectRef;
import io.cubevk.ports.out.cluster.ObservedNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one virtual node's Node object, Lease and status true, and carries out its deletion. See
 * the package documentation. All reconciliation runs under one lock, so informer events, the
 * periodic check and the lease timer never race each other.
 */
public final class NodeController extends AbstractIdleService {

  private static final Logger log = LoggerFactory.getLogger(NodeController.class);

  private final VirtualNode node;
  private final NodeSettings settings;
  private final ServedNode state;
  private final NodeObjects nodes;
  private final NodeLeases leases;
  private final ClusterEvents events;
  private final NodeDrain drain;
  private final NodeInfo info;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Runnable stoppedServing;
  private final AtomicLong leaseRenewFailures = new AtomicLong();

  /** How soon a node deletion that is not finished is looked at again. */
  static final Duration DRAIN_RETRY = Duration.ofSeconds(2);

  private final Object lock = new Object();
  private NodeDescription lastReported;
  private Instant lastReportTime = Instant.MIN;
  private String uid = "";
  private boolean registered;
  private boolean finished;
  private ScheduledFuture<?> leaseTimer;
  private ScheduledFuture<?> checkTimer;
  private String lastDrainProgress;

  /**
   * @param stoppedServing called once the node has been deleted and the agent no longer serves it
   */
  public NodeController(
      VirtualNode node,
      NodeSettings settings,
      ServedNode state,
      NodeObjects nodes,
      NodeLeases leases,
      ClusterEvents events,
      NodeDrain drain,
      NodeInfo info,
      ScheduledExecutorService executor,
      Clock clock,
      Runnable stoppedServing) {
    this.node = node;
    this.settings = settings;
    this.state = state;
    this.nodes = nodes;
    this.leases = leases;
    this.events = events;
    this.drain = drain;
    this.info = info;
    this.executor = executor;
    this.clock = clock;
    this.stoppedServing = stoppedServing;
  }

  @Override
  protected void startUp() {
    refuseANinthNode();
    synchronized (lock) {
      try {
        register("Starting", "cube-vk started serving virtual node " + node.name());
      } catch (ClusterFailure e) {
        if (!e.retryable()) {
          throw e; // refused for good (e.g. forbidden): say so now, not in a log every 10 s
        }
        // The API server is busy or restarting: the periodic check registers the node later.
        log.warn("registering node {} failed, will retry: {}", node.name(), e.getMessage());
      }
      renewLease();
    }
    nodes.onNodeChange(
        changed -> {
          if (changed.equals(node.name())) {
            executor.execute(this::reconcile);
          }
        });
    leaseTimer =
        executor.scheduleWithFixedDelay(
            this::renewLease,
            settings.leaseRenewInterval().toMillis(),
            settings.leaseRenewInterval().toMillis(),
            TimeUnit.MILLISECONDS);
    checkTimer =
        executor.scheduleWithFixedDelay(
            this::reconcile,
            settings.statusCheckInterval().toMillis(),
            settings.statusCheckInterval().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  protected void shutDown() {
    synchronized (lock) {
      finished = true;
    }
    if (leaseTimer != null) {
      leaseTimer.cancel(false);
    }
    if (checkTimer != null) {
      checkTimer.cancel(false);
    }
  }

  @Override
  protected String serviceName() {
    return "node controller " + node.name();
  }

  /** Lease renewals that failed since start (exported as a metric). */
  public long leaseRenewFailures() {
    return leaseRenewFailures.get();
  }

  /** Brings the world in line with the Node as the informer sees it now. */
  void reconcile() {
    synchronized (lock) {
      if (finished) {
        return;
      }
      try {
        Optional<ObservedNode> observed = nodes.get(node.name());
        if (observed.isEmpty()) {
          if (!registered) {
            register("Starting", "cube-vk started serving virtual node " + node.name());
          } else if (nodes.hasSynced()) {
            // Gone without passing our finalizer: someone stripped it. The node still exists for
            // the agent, so it comes back.
            log.warn("node {} disappeared without its finalizer; re-creating it", node.name());
            register(
                "Recreated",
                "virtual node "
                    + node.name()
                    + " was removed behind cube-vk's back and re-created");
          }
          return;
        }
        ObservedNode current = observed.get();
        uid = current.uid();
        if (current.beingDeleted()) {
          deleteNode(current);
          return;
        }
        if (!registered) {
          // The first registration failed and the Node exists: adopt it now (labels, taints,
          // finalizer), which also reads its cordon.
          register("Starting", "cube-vk started serving virtual node " + node.name());
          return;
        }
        boolean enabled = !current.unschedulable();
        if (enabled != state.enabled()) {
          state.observed(enabled);
          events.normal(
              nodeRef(),
              enabled ? "NodeSchedulable" : "NodeNotSchedulable",
              "virtual node "
                  + node.name()
                  + (enabled
                      ? " enabled: new pods get Cubes"
                      : " disabled: no new Cubes, existing ones kept"));
        }
        if (!current.finalizers().contains(NodeSettings.FINALIZER)) {
          register("FinalizerRestored", "cube-vk restored its finalizer on " + node.name());
        }
        reportStatusIfDue();
      } catch (ClusterFailure e) {
        log.warn("reconciling node {} failed, will retry: {}", node.name(), e.getMessage());
      }
    }
  }

  private void refuseANinthNode() {
    if (nodes.get(node.name()).isEmpty()
        && nodes.countVirtualNodes() >= NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER) {
      throw new IllegalStateException(
          "cannot add virtual node "
              + node.name()
              + ": the cluster already has "
              + NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER
              + " virtual nodes (label type=virtual-kubelet), the most a UK8S cluster supports;"
              + " delete one first (kubectl delete node NAME)");
    }
  }

  private void register(String reason, String message) {
    ObservedNode result = nodes.register(describe(), NodeSettings.FINALIZER);
    registered = true;
    uid = result.uid();
    state.observed(!result.unschedulable());
    events.normal(nodeRef(), reason, message);
    lastReported = null; // a new or adopted object gets a full status report at once
    reportStatusIfDue();
  }

  private void reportStatusIfDue() {
    NodeDescription desired = describe();
    Instant now = clock.instant();
    boolean stale =
        Duration.between(lastReportTime, now).compareTo(settings.statusReportInterval()) >= 0;
    if (desired.equals(lastReported) && !stale) {
      return;
    }
    nodes.reportStatus(desired, info);
    if (lastReported != null && readiness(lastReported) != readiness(desired)) {
      events.normal(
          nodeRef(),
          readiness(desired) ? "NodeReady" : "NodeNotReady",
          "Node "
              + node.name()
              + " status is now: "
              + (readiness(desired) ? "NodeReady" : "NodeNotReady"));
    }
    lastReported = desired;
    lastReportTime = now;
  }

  private void renewLease() {
    try {
      leases.renew(node.name(), settings.leaseDuration());
    } catch (ClusterFailure e) {
      leaseRenewFailures.incrementAndGet();
      log.warn("renewing the lease of node {} failed: {}", node.name(), e.getMessage());
    }
  }

  private void deleteNode(ObservedNode current) {
    if (!state.draining()) {
      state.setDraining(true);
      log.info("node {} is being deleted: deleting its Cubes and pods", node.name());
      events.normal(
          nodeRef(), "DeletingNode", "deleting every Cube of virtual node " + node.name());
    }
    try {
      drain.drain(node);
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).equals(lastDrainProgress)) {
        lastDrainProgress = String.valueOf(e.getMessage());
        log.info("deleting node {}: {}", node.name(), e.getMessage());
      }
      // Cubes go within seconds: look again soon rather than at the next status check, so
      // that `kubectl delete node` (and cube-vk node delete, which waits) ends promptly.
      executor.schedule(this::reconcile, DRAIN_RETRY.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    if (current.finalizers().contains(NodeSettings.FINALIZER)) {
      nodes.removeFinalizer(node.name(), NodeSettings.FINALIZER);
    }
    finished = true;
    log.info("node {} deleted; cube-vk no longer serves it", node.name());
    if (leaseTimer != null) {
      leaseTimer.cancel(false);
    }
    if (checkTimer != null) {
      checkTimer.cancel(false);
    }
    executor.execute(stoppedServing);
  }

  private NodeDescription describe() {
    return node.describe(settings.kubeletAddress(), settings.kubeletPort(), state.cloudReachable());
  }

  private ObjectRef nodeRef() {
    return ObjectRef.node(node.name(), uid);
  }

  private static boolean readiness(NodeDescription description) {
    return description.conditions().stream()
        .anyMatch(c -> c.type().equals("Ready") && c.status().equals("True"));
  }
}
