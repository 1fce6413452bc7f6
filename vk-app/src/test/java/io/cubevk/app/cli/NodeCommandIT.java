package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cube-vk run} following its node set in a ConfigMap, and {@code cube-vk node} managing it,
 * both against the in-process API server.
 */
class NodeCommandIT {

  private static final Duration AT_MOST = Duration.ofSeconds(30);
  private static final String NODE_SET =
      """
      clusterId: uk8s-abcd1234
      region: cn-bj2
      zone: cn-bj2-05
      vpcId: uvnet-abc
      subnetId: subnet-def
      nodes: []
      """;

  @TempDir Path dir;
  private AgentHarness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aNodeAddedWithNodeAddRegistersRunsPodsAndNodeDeleteRemovesItsCubesThenItself()
      throws Exception {
    harness = new AgentHarness(dir, NODE_SET);
    harness.startAgent();

    AgentHarness.Result add = harness.node("add", "--max-pods", "20", "--default-size", "2:4Gi");

    assertThat(add.exit()).as(add.err()).isZero();
    String name = add.out().strip();
    assertThat(name).matches("uk8s-abcd1234-vk-[a-z0-9]{5}");
    assertThat(harness.configYaml()).contains("name: " + name).contains("maxPods: 20");
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                node(name)
                    .filter(
                        n -> n.path("status").path("capacity").path("pods").asText().equals("20"))
                    .isPresent());

    createPod("web", name);
    await().atMost(AT_MOST).until(() -> "Running".equals(phase("web")));

    AgentHarness.Result list = harness.node("list");
    assertThat(list.exit()).isZero();
    assertThat(list.out().lines())
        .anySatisfy(
            l ->
                assertThat(l.split("\\s+"))
                    .containsExactly(
                        name, "Ready", "cn-bj2-05", "1", "20", "yes", l.split("\\s+")[6]));

    AgentHarness.Result describe = harness.node("describe", name);
    assertThat(describe.exit()).as(describe.err()).isZero();
    assertThat(describe.out())
        .contains("Status:        Ready")
        .contains("Node set:      yes (max pods 20, default size 2/4Gi")
        .containsPattern("default\\s+web\\s+Running\\s+<none>\\s+2/4Gi\\s+cube-\\S+\\s+10\\.9\\.")
        .containsPattern("Normal\\s+Starting\\s+cube-vk started serving virtual node " + name);

    AgentHarness.Result delete = harness.node("delete", name, "--timeout", "30s");

    assertThat(delete.exit()).as(delete.err()).isZero();
    assertThat(node(name)).isEmpty();
    assertThat(pod("web")).isEmpty();
    assertThat(harness.configYaml()).doesNotContain(name);
  }

  @Test
  void cordonDisablesTheNodeForNewCubesAndUncordonEnablesIt() throws Exception {
    harness = new AgentHarness(dir, NODE_SET);
    harness.startAgent();
    String name = harness.node("add").out().strip();
    await().atMost(AT_MOST).until(() -> node(name).isPresent());

    AgentHarness.Result cordon = harness.node("cordon", name);

    assertThat(cordon.exit()).as(cordon.err()).isZero();
    assertThat(cordon.out()).contains("node/" + name + " cordoned");
    assertThat(node(name).get().path("spec").path("unschedulable").asBoolean()).isTrue();
    // the agent notices the cordon (an event says so) before new pods are refused
    await()
        .atMost(AT_MOST)
        .until(() -> harness.node("describe", name).out().contains("NodeNotSchedulable"));
    createPod("late", name);
    await().atMost(AT_MOST).until(() -> "Failed".equals(phase("late")));
    assertThat(pod("late").get().path("status").path("reason").asText()).isEqualTo("NodeDisabled");

    assertThat(harness.node("uncordon", name).exit()).isZero();
    assertThat(node(name).get().path("spec").has("unschedulable")).isFalse();
    // as for the cordon: a pod created before the agent noticed would be refused
    await()
        .atMost(AT_MOST)
        .until(() -> harness.node("describe", name).out().contains("NodeSchedulable"));
    createPod("later", name);
    await().atMost(AT_MOST).until(() -> "Running".equals(phase("later")));
  }

  @Test
  void aNodeLeavingTheNodeSetIsNoLongerServedButKeepsItsNodeAndCubes() throws Exception {
    harness = new AgentHarness(dir, NODE_SET);
    harness.startAgent();
    String name = harness.node("add").out().strip();
    await().atMost(AT_MOST).until(() -> node(name).isPresent());
    createPod("web", name);
    await().atMost(AT_MOST).until(() -> "Running".equals(phase("web")));

    editConfig(NODE_SET); // the node is taken out of the set by hand

    // no longer served: a new pod on it is left alone, while the Node and the running pod stay
    createPod("unserved", name);
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(AT_MOST)
        .until(() -> phase("unserved"), p -> p.equals("Pending"));
    assertThat(node(name)).isPresent();
    assertThat(phase("web")).isEqualTo("Running");
    assertThat(harness.node("list").out()).contains(name).containsPattern(name + ".*\\s+no\\s+");
  }

  @Test
  void eachServedNodeHasItsOwnKubeletApiOnTheAdvertisedPortClosedWhenTheNodeGoes()
      throws Exception {
    harness = new AgentHarness(dir, NODE_SET);
    harness.startAgent();
    String first = harness.node("add").out().strip();
    String second = harness.node("add").out().strip();
    await().atMost(AT_MOST).until(() -> kubeletPort(first) > 0 && kubeletPort(second) > 0);
    int firstPort = kubeletPort(first);
    int secondPort = kubeletPort(second);

    assertThat(firstPort).isNotEqualTo(secondPort);
    // 401: TLS with a certificate the API server's CA signed (its CSR), then no credentials.
    await().atMost(AT_MOST).until(() -> anonymousKubeletCall(firstPort) == 401);
    await().atMost(AT_MOST).until(() -> anonymousKubeletCall(secondPort) == 401);

    assertThat(harness.node("delete", first).exit()).isZero();

    await().atMost(AT_MOST).until(() -> anonymousKubeletCall(firstPort) == -1);
    assertThat(anonymousKubeletCall(secondPort)).isEqualTo(401);
  }

  @Test
  void aNinthVirtualNodeIsRefused() throws Exception {
    harness = new AgentHarness(dir, NODE_SET);
    for (int i = 0; i < 8; i++) {
      harness.server.create(
          """
          {"apiVersion":"v1","kind":"Node","metadata":{"name":"uk8s-abcd1234-vk-other%d",
           "labels":{"type":"virtual-kubelet"}}}
          """
              .formatted(i));
    }

    AgentHarness.Result add = harness.node("add");

    assertThat(add.exit()).isEqualTo(NodeCommand.REFUSED);
    assertThat(add.err())
        .contains("refused: the cluster already has 8 virtual nodes (0 in the node set, 8 others")
        .contains("the most a UK8S cluster supports is 8");
    assertThat(harness.configYaml()).contains("nodes: []");
  }

  @Test
  void commandsOnANodeThatIsNotVirtualAreRefusedAndUnknownNodesNamed() throws Exception {
    harness = new AgentHarness(dir, NODE_SET);
    harness.server.create(
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"worker-1\"}}");

    AgentHarness.Result cordon = harness.node("cordon", "worker-1");
    AgentHarness.Result describe = harness.node("describe", "nope");

    assertThat(cordon.exit()).isEqualTo(NodeCommand.REFUSED);
    assertThat(cordon.err())
        .contains("node worker-1 is not a virtual node (no label type=virtual-kubelet)");
    assertThat(describe.exit()).isEqualTo(NodeCommand.REFUSED);
    assertThat(describe.err()).contains("node nope not found");
  }

  private void editConfig(String yaml) {
    ResourceType configMaps = harness.server.store().resources().require("", "configmaps");
    harness
        .server
        .store()
        .mutate(
            configMaps,
            "cube-vk-system",
            "cube-vk",
            "",
            c -> {
              ((com.fasterxml.jackson.databind.node.ObjectNode) c.path("data"))
                  .put("config.yaml", yaml);
              return c;
            },
            false);
  }

  private void createPod(String name, String node) {
    harness.server.create(
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "default"},
         "spec": {"nodeName": "%s", "automountServiceAccountToken": false,
                  "containers": [{"name": "c", "image": "uhub.ucloud-global.com/ucloud/nginx:latest"}]}}
        """
            .formatted(name, node));
  }

  private int kubeletPort(String node) {
    return node(node)
        .map(n -> n.path("status").path("daemonEndpoints").path("kubeletEndpoint"))
        .map(e -> e.path("Port").asInt(0))
        .orElse(0);
  }

  /** GET /healthz without credentials at a kubelet port: the status, or -1 if nothing answers. */
  private int anonymousKubeletCall(int port) throws Exception {
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      return KubeletClients.trusting(harness.server.caCertificatePem(), executor)
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("https://127.0.0.1:" + port + "/healthz"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException refused) {
      return -1;
    } finally {
      executor.shutdownNow();
    }
  }

  private Optional<JsonNode> node(String name) {
    ResourceType nodes = harness.server.store().resources().require("", "nodes");
    return harness.server.store().find(nodes, "", name).map(JsonNode.class::cast);
  }

  private Optional<JsonNode> pod(String name) {
    ResourceType pods = harness.server.store().resources().require("", "pods");
    return harness.server.store().find(pods, "default", name).map(JsonNode.class::cast);
  }

  private String phase(String pod) {
    return pod(pod).map(p -> p.path("status").path("phase").asText("")).orElse("");
  }
}
