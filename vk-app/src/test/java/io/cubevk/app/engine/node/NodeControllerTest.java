package io.cubevk.app.engine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.NodeInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeControllerTest {

  private static final String NAME = "uk8s-abcd1234-vk-x1y2z";

  private final InMemoryNodes cluster = new InMemoryNodes();
  private final ServedNode state = new ServedNode(NAME);
  private final AtomicInteger drains = new AtomicInteger();
  private final AtomicReference<RuntimeException> drainFailure = new AtomicReference<>();
  private final AtomicInteger stoppedServing = new AtomicInteger();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final MutableClock clock = new MutableClock();
  private final NodeController controller =
      new NodeController(
          node(),
          // timers far away: the tests drive reconcile() themselves
          new NodeSettings(
              Optional.of("127.0.0.1"),
              10250,
              Duration.ofHours(1),
              Duration.ofSeconds(40),
              Duration.ofMinutes(5),
              Duration.ofHours(1)),
          state,
          cluster,
          cluster,
          cluster,
          n -> {
            drains.incrementAndGet();
            RuntimeException failure = drainFailure.getAndSet(null);
            if (failure != null) {
              throw failure;
            }
          },
          new NodeInfo("v1.32.0-cube-vk", "UCloud Cube", "amd64"),
          executor,
          clock,
          stoppedServing::incrementAndGet);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void startingRegistersTheNodeWithItsFinalizerReportsStatusAndRenewsTheLease() {
    controller.startAsync().awaitRunning();

    assertThat(cluster.nodes.get(NAME).finalizers()).contains(NodeSettings.FINALIZER);
    assertThat(cluster.lastStatus.name()).isEqualTo(NAME);
    assertThat(cluster.statusReports).hasValue(1);
    assertThat(cluster.leaseRenewals).hasValue(1);
    assertThat(cluster.events).contains("Normal Starting " + NAME);
  }

  @Test
  void aNinthVirtualNodeIsRefusedWithAnExplanation() {
    cluster.otherVirtualNodes = 8;

    assertThatThrownBy(() -> controller.startAsync().awaitRunning())
        .hasRootCauseMessage(
            "cannot add virtual node "
                + NAME
                + ": the cluster already has 8 virtual nodes (label type=virtual-kubelet), the"
                + " most a UK8S cluster supports; delete one first (kubectl delete node NAME)");
    assertThat(cluster.nodes).isEmpty();
  }

  @Test
  void anUnchangedStatusIsReportedAgainOnlyAfterFiveMinutes() {
    controller.startAsync().awaitRunning();

    controller.reconcile();
    clock.advance(Duration.ofMinutes(4));
    controller.reconcile();
    assertThat(cluster.statusReports).hasValue(1);

    clock.advance(Duration.ofMinutes(1));
    controller.reconcile();
    assertThat(cluster.statusReports).hasValue(2);
  }

  @Test
  void aChangedStatusIsReportedAtOnce() {
    controller.startAsync().awaitRunning();

    state.setCloudReachable(false);
    controller.reconcile();

    assertThat(cluster.statusReports).hasValue(2);
    assertThat(cluster.lastStatus.conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo("Ready");
              assertThat(c.status()).isEqualTo("False");
            });
    assertThat(cluster.events).contains("Normal NodeNotReady " + NAME);
  }

  @Test
  void aNodeRemovedBehindTheAgentsBackIsRecreated() {
    controller.startAsync().awaitRunning();

    cluster.nodes.remove(NAME);
    controller.reconcile();

    assertThat(cluster.nodes).containsKey(NAME);
    assertThat(cluster.registrations).hasValue(2);
    assertThat(cluster.events).contains("Normal Recreated " + NAME);
  }

  @Test
  void cordonDisablesTheNodeAndUncordonEnablesIt() {
    controller.startAsync().awaitRunning();

    cluster.edit(NAME, n -> n.unschedulable(true));
    controller.reconcile();
    assertThat(state.enabled()).isFalse();

    cluster.edit(NAME, n -> n.unschedulable(false));
    controller.reconcile();
    assertThat(state.enabled()).isTrue();
    assertThat(cluster.events)
        .containsSubsequence("Normal NodeNotSchedulable " + NAME, "Normal NodeSchedulable " + NAME);
  }

  @Test
  void anInformerNotificationTriggersReconciliation() {
    controller.startAsync().awaitRunning();

    cluster.edit(NAME, n -> n.unschedulable(true));
    cluster.notifyListeners(NAME);

    await().atMost(Duration.ofSeconds(5)).until(() -> !state.enabled());
  }

  @Test
  void deletingTheNodeDrainsItThenLetsItGoAndStopsServing() {
    controller.startAsync().awaitRunning();
    drainFailure.set(new IllegalStateException("2 Cubes left"));

    cluster.edit(NAME, n -> n.beingDeleted(true));
    controller.reconcile();
    assertThat(state.draining()).isTrue();
    assertThat(cluster.nodes.get(NAME).finalizers()).contains(NodeSettings.FINALIZER);

    controller.reconcile();
    assertThat(drains).hasValue(2);
    assertThat(cluster.nodes).doesNotContainKey(NAME);
    await().atMost(Duration.ofSeconds(5)).until(() -> stoppedServing.get() == 1);

    controller.reconcile(); // nothing more happens once finished
    assertThat(cluster.registrations).hasValue(1);
  }

  @Test
  void anUnfinishedDrainIsTriedAgainSoonWithoutWaitingForTheStatusCheck() {
    controller.startAsync().awaitRunning(); // status checks are an hour apart here
    drainFailure.set(new IllegalStateException("1 Cube left"));

    cluster.edit(NAME, n -> n.beingDeleted(true));
    controller.reconcile();

    await()
        .atMost(NodeController.DRAIN_RETRY.plusSeconds(5))
        .until(() -> stoppedServing.get() == 1);
    assertThat(drains).hasValue(2);
    assertThat(cluster.nodes).doesNotContainKey(NAME);
  }

  private static VirtualNode node() {
    return new VirtualNode.Builder()
        .clusterId("uk8s-abcd1234")
        .name(NAME)
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .vpcId("uvnet-abc")
        .subnetId("subnet-def")
        .build();
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-26T12:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
