package io.cubevk.adapter.k8s.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.node.NodeDescription;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The virtual Node object: a new one, an adopted one, its status. */
class NodeMapperTest {

  private static final String FINALIZER = "cube.ucloud.cn/virtual-node";
  private static final NodeInfo INFO = new NodeInfo("v1.32.4-cube-vk", "UCloud Cube", "amd64");
  private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-01-01T10:00:00Z");

  private final VirtualNode settings =
      new VirtualNode.Builder()
          .clusterId("uk8s-abcd1234")
          .name("uk8s-abcd1234-vk-x1y2z")
          .region("cn-bj2")
          .zone("cn-bj2-05")
          .vpcId("uvnet-1")
          .subnetId("subnet-1")
          .maxPods(50)
          .build();
  private final NodeDescription description =
      settings.describe(Optional.of("10.0.0.9"), 10250, true);

  @Test
  void aNewNodeCarriesTheLabelsTaintAndFinalizer() {
    V1Node node = NodeMapper.newNode(description, FINALIZER);

    assertThat(node.getMetadata().getLabels())
        .containsEntry("type", "virtual-kubelet")
        .containsEntry("topology.kubernetes.io/zone", "cn-bj2-05");
    assertThat(node.getMetadata().getFinalizers()).containsExactly(FINALIZER);
    assertThat(node.getSpec().getTaints())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("virtual-kubelet.io/provider");
              assertThat(t.getValue()).isEqualTo("ucloud");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(node.getSpec().getUnschedulable()).isNull();
  }

  @Test
  void adoptingKeepsWhatAUserAddedAndNeverTouchesTheCordon() {
    V1Node existing =
        new V1Node()
            .metadata(
                new V1ObjectMeta()
                    .name(description.name())
                    .labels(new HashMap<>(Map.of("team", "payments", "type", "something-else")))
                    .finalizers(new ArrayList<>(List.of("example.com/keep"))))
            .spec(
                new V1NodeSpec()
                    .unschedulable(true)
                    .taints(
                        new ArrayList<>(
                            List.of(
                                new V1Taint().key("dedicated").value("gpu").effect("NoExecute")))));

    V1Node adopted = NodeMapper.adopt(existing, description, FINALIZER).orElseThrow();

    assertThat(adopted.getMetadata().getLabels())
        .containsEntry("team", "payments")
        .containsEntry("type", "virtual-kubelet");
    assertThat(adopted.getMetadata().getFinalizers())
        .containsExactly("example.com/keep", FINALIZER);
    assertThat(adopted.getSpec().getTaints())
        .extracting(V1Taint::getKey)
        .containsExactly("dedicated", "virtual-kubelet.io/provider");
    assertThat(adopted.getSpec().getUnschedulable()).isTrue();
  }

  @Test
  void aNodeThatHasEverythingNeedsNoWrite() {
    V1Node node = NodeMapper.newNode(description, FINALIZER);

    assertThat(NodeMapper.adopt(node, description, FINALIZER)).isEmpty();
  }

  @Test
  void theStatusHasAHeartbeatAndKeepsTheTransitionTimeOfUnchangedConditions() {
    V1NodeStatus first = NodeMapper.status(description, INFO, null, T0);
    V1NodeStatus later = NodeMapper.status(description, INFO, first, T0.plusMinutes(5));

    V1NodeCondition ready =
        later.getConditions().stream()
            .filter(c -> c.getType().equals("Ready"))
            .findFirst()
            .orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getLastHeartbeatTime()).isEqualTo(T0.plusMinutes(5));
    assertThat(ready.getLastTransitionTime()).isEqualTo(T0);
    assertThat(later.getConditions())
        .extracting(V1NodeCondition::getType)
        .containsExactly(
            "Ready", "MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable");

    NodeDescription unreachable = settings.describe(Optional.of("10.0.0.9"), 10250, false);
    V1NodeStatus notReady = NodeMapper.status(unreachable, INFO, later, T0.plusMinutes(6));
    V1NodeCondition changed = notReady.getConditions().get(0);
    assertThat(changed.getStatus()).isEqualTo("False");
    assertThat(changed.getLastTransitionTime()).isEqualTo(T0.plusMinutes(6));
  }

  @Test
  void theStatusNamesTheKubeletPortTheAddressesCapacityAndTheAgent() {
    V1NodeStatus status = NodeMapper.status(description, INFO, null, T0);

    assertThat(status.getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
    assertThat(status.getAddresses())
        .anySatisfy(
            a -> {
              assertThat(a.getType()).isEqualTo("InternalIP");
              assertThat(a.getAddress()).isEqualTo("10.0.0.9");
            });
    assertThat(status.getCapacity().get("pods").toSuffixedString()).isEqualTo("50");
    assertThat(status.getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.4-cube-vk");
    // client-java refuses to read a NodeSystemInfo without its required fields.
    assertThat(status.getNodeInfo().getBootID()).isNotNull();
    assertThat(status.getNodeInfo().getMachineID()).isNotNull();
    assertThat(status.getNodeInfo().getSystemUUID()).isNotNull();
    assertThat(status.getNodeInfo().getKernelVersion()).isNotNull();
    assertThat(status.getNodeInfo().getKubeProxyVersion()).isNotNull();
  }

  @Test
  void theObservedNodeTellsCordonDeletionAndFinalizers() {
    V1Node node = NodeMapper.newNode(description, FINALIZER);
    node.getMetadata().uid("u-1").deletionTimestamp(T0);
    node.getSpec().unschedulable(true);

    var observed = NodeMapper.observe(node);

    assertThat(observed.uid()).isEqualTo("u-1");
    assertThat(observed.unschedulable()).isTrue();
    assertThat(observed.beingDeleted()).isTrue();
    assertThat(observed.finalizers()).containsExactly(FINALIZER);
  }
}
