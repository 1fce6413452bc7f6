package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.node.VirtualNode;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One agent, two virtual nodes: each node's pods become Cubes of that node's group only. */
class MultiNodeIT extends ClusterHarness {

  @Test
  void podsSpreadOverTwoNodesRunAsCubesInTheirOwnNodesGroup() {
    VirtualNode second = virtualNode("it002", 200);
    startAgent(node, second);
    await("both nodes ready").atMost(AT_MOST).until(() -> readyNodes() == 2);

    List<V1Pod> pods =
        IntStream.range(0, 6)
            .mapToObj(i -> create(selectingVirtualNodes(nginx("spread-" + i))))
            .toList();
    pods.forEach(p -> awaitPhase(p.getMetadata().getName(), "Running"));

    for (VirtualNode n : List.of(node, second)) {
      Set<String> podsOnNode =
          pods.stream()
              .map(p -> pod(p.getMetadata().getName()).orElseThrow())
              .filter(p -> n.name().equals(p.getSpec().getNodeName()))
              .map(p -> p.getMetadata().getUid())
              .collect(Collectors.toSet());
      Set<String> cubesInGroup =
          cloud.list(n.name()).stream()
              .map(ObservedCube::podUid)
              .map(u -> u.value())
              .collect(Collectors.toSet());
      assertThat(podsOnNode).isNotEmpty();
      assertThat(cubesInGroup).isEqualTo(podsOnNode);
    }
  }

  @Test
  void aPodRecreatedUnderTheSameNameIsAnotherPodWithAnotherCube() {
    startAgent(node);
    V1Pod first = create(onNode(nginx("sts-0")));
    awaitPhase("sts-0", "Running");
    String firstCube = cubesOf(uid(first)).get(0).cubeId().value();

    delete("sts-0");
    awaitGone("sts-0");
    V1Pod second = create(onNode(nginx("sts-0")));
    awaitPhase("sts-0", "Running");

    assertThat(cubesOf(uid(first))).isEmpty();
    assertThat(cubesOf(uid(second)))
        .singleElement()
        .satisfies(c -> assertThat(c.cubeId().value()).isNotEqualTo(firstCube));
    assertThat(
            pod("sts-0").orElseThrow().getStatus().getContainerStatuses().get(0).getContainerID())
        .doesNotContain(firstCube);
  }

  private long readyNodes() {
    try {
      return user.listNode().execute().getItems().stream()
          .filter(
              n ->
                  n.getStatus() != null
                      && n.getStatus().getConditions() != null
                      && n.getStatus().getConditions().stream()
                          .anyMatch(
                              c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
          .count();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
