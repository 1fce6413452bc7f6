package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.domain.decision.PodDecision;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1CSIPersistentVolumeSource;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The virtual Node's life: registration, cordon, deletion, and removal behind the agent's back. */
class NodeLifecycleIT extends ClusterHarness {

  @Test
  void theAgentRegistersItsNodeWithLabelsTaintFinalizerStatusAndLease() throws Exception {
    startAgent(node);

    await().atMost(AT_MOST).until(() -> ready(node.name()));
    V1Node registered = nodeObject(node.name()).orElseThrow();
    assertThat(registered.getMetadata().getLabels())
        .containsEntry("type", "virtual-kubelet")
        .containsEntry("topology.kubernetes.io/region", "cn-bj2")
        .containsEntry("topology.kubernetes.io/zone", "cn-bj2-05");
    assertThat(registered.getMetadata().getFinalizers()).contains(NodeSettings.FINALIZER);
    assertThat(registered.getSpec().getTaints())
        .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("virtual-kubelet.io/provider"));
    assertThat(registered.getStatus().getConditions())
        .extracting(V1NodeCondition::getType)
        .contains("Ready", "MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable");
    assertThat(registered.getStatus().getCapacity()).containsEntry("pods", new Quantity("200"));
    assertThat(registered.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort())
        .isEqualTo(10250);
    assertThat(registered.getStatus().getNodeInfo().getKubeletVersion())
        .isEqualTo(Agent.INFO.kubeletVersion());
    var lease =
        new CoordinationV1Api(new ClientBuilder().setBasePath(server.url()).build())
            .readNamespacedLease(node.name(), "kube-node-lease")
            .execute();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(node.name());
    assertThat(lease.getSpec().getRenewTime()).isNotNull();
    assertThat(lease.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(registered.getMetadata().getUid()));
  }

  @Test
  void aCordonedNodeRefusesNewPodsKeepsRunningOnesAndUncordonEnablesItAgain() throws Exception {
    startAgent(node);
    V1Pod before = create(onNode(nginx("before")));
    awaitPhase("before", "Running");

    setUnschedulable(true);
    await().atMost(AT_MOST).until(() -> agentHasCordonEvent("NodeNotSchedulable"));
    create(onNode(nginx("while-cordoned")));
    awaitPhase("while-cordoned", "Failed");
    assertThat(pod("while-cordoned").orElseThrow().getStatus().getReason())
        .isEqualTo(PodDecision.NODE_DISABLED);
    assertThat(phase("before")).isEqualTo("Running");
    assertThat(cubesOf(uid(before))).hasSize(1);

    setUnschedulable(false);
    await().atMost(AT_MOST).until(() -> agentHasCordonEvent("NodeSchedulable"));
    create(onNode(nginx("after")));
    awaitPhase("after", "Running");
    assertThat(nodeObject(node.name()).orElseThrow().getSpec().getUnschedulable()).isFalse();
  }

  @Test
  void anAgentStartingOnACordonedNodeCreatesNoCubeForANewPod() throws Exception {
    startAgent(node).close();
    setUnschedulable(true);

    create(onNode(nginx("while-down")));
    startAgent(node);

    awaitPhase("while-down", "Failed");
    assertThat(pod("while-down").orElseThrow().getStatus().getReason())
        .isEqualTo(PodDecision.NODE_DISABLED);
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();
  }

  @Test
  void deletingTheNodeDeletesItsCubesDisksAndPodsThenTheNode() throws Exception {
    Agent agent = startAgent(node);
    String disk = cloud.diskInventory().create();
    createBoundUDiskClaim("data", disk);
    V1Pod withDisk = create(onNode(mounting(nginx("with-disk"), "data")));
    V1Pod plain = create(onNode(nginx("plain")));
    awaitPhase("with-disk", "Running");
    awaitPhase("plain", "Running");
    assertThat(cloud.diskInventory().attachedTo(disk)).isPresent();

    user.deleteNode(node.name()).buildCall(null).execute().close();

    await("node gone").atMost(AT_MOST).until(() -> nodeObject(node.name()).isEmpty());
    assertThat(cubesOf(uid(withDisk))).isEmpty();
    assertThat(cubesOf(uid(plain))).isEmpty();
    assertThat(cloud.diskInventory().exists(disk)).isFalse();
    assertThat(pod("with-disk")).isEmpty();
    assertThat(pod("plain")).isEmpty();
    await().atMost(AT_MOST).until(() -> !agent.serves(node.name()));
  }

  @Test
  void aNodeRemovedBehindTheAgentsBackIsCreatedAgainAndItsPodsKeepRunning() {
    startAgent(node);
    V1Pod running = create(onNode(nginx("survivor")));
    awaitPhase("survivor", "Running");
    String firstUid = nodeObject(node.name()).orElseThrow().getMetadata().getUid();

    // Someone strips the finalizer and deletes the Node. The agent's requests are slowed down
    // meanwhile, so both steps land before the agent could put its finalizer back.
    server.faults().latency(Duration.ofMillis(300));
    ResourceType nodes = server.store().resources().require("", "nodes");
    server
        .store()
        .mutate(
            nodes,
            "",
            node.name(),
            "",
            n -> {
              ((ArrayNode) n.with("metadata").withArray("finalizers")).removeAll();
              return n;
            },
            false);
    server.store().delete(nodes, "", node.name(), DeleteOptions.defaults());
    server.faults().latency(Duration.ZERO);

    await("node re-created")
        .atMost(AT_MOST)
        .until(
            () ->
                nodeObject(node.name())
                    .filter(n -> !n.getMetadata().getUid().equals(firstUid))
                    .filter(n -> n.getMetadata().getFinalizers().contains(NodeSettings.FINALIZER))
                    .isPresent());
    await().atMost(AT_MOST).until(() -> ready(node.name()));
    assertThat(phase("survivor")).isEqualTo("Running");
    assertThat(cubesOf(uid(running))).hasSize(1);
  }

  @Test
  void aNinthVirtualNodeIsRefusedWithAClearError() throws Exception {
    for (int i = 0; i < NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER; i++) {
      user.createNode(
              new V1Node()
                  .metadata(
                      new V1ObjectMeta()
                          .name("uk8s-it000001-vk-other" + i)
                          .labels(Map.of("type", "virtual-kubelet"))))
          .execute();
    }

    Throwable refused = null;
    try {
      startAgent(node);
    } catch (IllegalStateException e) {
      refused = e;
    }

    assertThat(refused).isNotNull();
    assertThat(refused.getCause())
        .hasMessageContaining("cannot add virtual node " + node.name())
        .hasMessageContaining("already has 8 virtual nodes");
    assertThat(nodeObject(node.name())).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private boolean ready(String name) {
    return nodeObject(name)
        .map(n -> n.getStatus() == null ? null : n.getStatus().getConditions())
        .map(
            cs ->
                cs.stream()
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .orElse(false);
  }

  private boolean agentHasCordonEvent(String reason) {
    try {
      return user.listNamespacedEvent("default").execute().getItems().stream()
          .anyMatch(
              e ->
                  reason.equals(e.getReason())
                      && node.name().equals(e.getInvolvedObject().getName()));
    } catch (ApiException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code kubectl cordon} / {@code uncordon}. */
  private void setUnschedulable(boolean value) throws ApiException {
    PatchUtils.patch(
        V1Node.class,
        () ->
            user.patchNode(node.name(), new V1Patch("{\"spec\":{\"unschedulable\":" + value + "}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        user.getApiClient());
  }

  /** A UDisk provisioned and bound as the UDisk CSI driver would (a static PV and its claim). */
  private void createBoundUDiskClaim(String claim, String disk) throws ApiException {
    user.createPersistentVolume(
            new V1PersistentVolume()
                .metadata(new V1ObjectMeta().name("pv-" + claim))
                .spec(
                    new V1PersistentVolumeSpec()
                        .capacity(Map.of("storage", new Quantity("20Gi")))
                        .accessModes(List.of("ReadWriteOnce"))
                        // What the provisioner gives a disk of a default class; a PV created by
                        // hand defaults to Retain, whose disk a node deletion keeps.
                        .persistentVolumeReclaimPolicy("Delete")
                        .csi(
                            new V1CSIPersistentVolumeSource()
                                .driver(PersistentVolumeFacts.UDISK_CSI_DRIVER)
                                .volumeHandle(disk)
                                .fsType("ext4"))))
        .execute();
    user.createNamespacedPersistentVolumeClaim(
            NAMESPACE,
            new V1PersistentVolumeClaim()
                .metadata(new V1ObjectMeta().name(claim))
                .spec(
                    new V1PersistentVolumeClaimSpec()
                        .accessModes(List.of("ReadWriteOnce"))
                        .volumeName("pv-" + claim)
                        .resources(
                            new V1VolumeResourceRequirements()
                                .requests(Map.of("storage", new Quantity("20Gi"))))))
        .execute();
    PatchUtils.patch(
        V1PersistentVolumeClaim.class,
        () ->
            user.patchNamespacedPersistentVolumeClaimStatus(
                    claim, NAMESPACE, new V1Patch("{\"status\":{\"phase\":\"Bound\"}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        user.getApiClient());
  }

  private static V1Pod mounting(V1Pod pod, String claim) {
    pod.getSpec()
        .addVolumesItem(
            new V1Volume()
                .name("data")
                .persistentVolumeClaim(new V1PersistentVolumeClaimVolumeSource().claimName(claim)));
    pod.getSpec()
        .getContainers()
        .get(0)
        .addVolumeMountsItem(new V1VolumeMount().name("data").mountPath("/data"));
    return pod;
  }

  static PodUid podUid(V1Pod pod) {
    return uid(pod);
  }
}
