package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.translation.ClusterDns;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSetConfigTest {

  private static final String SET =
      """
      clusterId: uk8s-abcd1234
      region: cn-bj2
      projectId: org-abc
      zone: cn-bj2-05
      vpcId: uvnet-abc
      subnetId: subnet-def
      clusterDns: {ip: 10.96.0.10}
      nodes:
        - name: uk8s-abcd1234-vk-aaaaa
        - name: uk8s-abcd1234-vk-bbbbb
          zone: cn-bj2-04
          subnetId: subnet-xyz
          maxPods: 50
          defaultSize: "500m:1Gi"
          clusterIpSupport: true
      """;

  @Test
  void nodesTakeTheTopLevelDefaultsUnlessTheyOverrideThem() {
    NodeSetConfig config = NodeSetConfig.parse("nodes.yaml", SET);

    assertThat(config.clusterId()).isEqualTo("uk8s-abcd1234");
    assertThat(config.projectId()).contains("org-abc");
    assertThat(config.clusterDns()).contains(new ClusterDns("10.96.0.10", "cluster.local"));
    VirtualNode a = config.nodes().get(0);
    VirtualNode b = config.nodes().get(1);
    assertThat(a.zone()).isEqualTo("cn-bj2-05");
    assertThat(a.subnetId()).isEqualTo("subnet-def");
    assertThat(a.maxPods()).isEqualTo(200);
    assertThat(a.defaultSize()).isEqualTo(CubeSize.DEFAULT);
    assertThat(a.clusterIpSupport()).isFalse();
    assertThat(b.zone()).isEqualTo("cn-bj2-04");
    assertThat(b.vpcId()).isEqualTo("uvnet-abc");
    assertThat(b.subnetId()).isEqualTo("subnet-xyz");
    assertThat(b.maxPods()).isEqualTo(50);
    assertThat(b.defaultSize()).isEqualTo(CubeSize.of("500m", "1Gi"));
    assertThat(b.clusterIpSupport()).isTrue();
  }

  @Test
  void nineNodesAreRefusedAndANodeOfAnotherClusterToo() {
    StringBuilder yaml =
        new StringBuilder("clusterId: uk8s-abcd1234\nregion: cn-bj2\nzone: cn-bj2-05\n");
    yaml.append("vpcId: v\nsubnetId: s\nnodes:\n");
    for (int i = 0; i < 9; i++) {
      yaml.append("  - name: uk8s-abcd1234-vk-aaaa").append(i).append('\n');
    }
    yaml.append("  - name: uk8s-zzzz9999-vk-aaaaa\n");

    assertThatThrownBy(() -> NodeSetConfig.parse("cm", yaml.toString()))
        .isInstanceOfSatisfying(
            NodeSetConfig.Invalid.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "cm: nodes: 10 nodes; accepted: at most 8 (a UK8S cluster supports 8"
                            + " virtual nodes)",
                        "cm: nodes[9].name: 'uk8s-zzzz9999-vk-aaaaa' does not belong to cluster"
                            + " uk8s-abcd1234; expected uk8s-abcd1234-vk-xxxxx"));
  }

  @Test
  void somethingThatIsNotAMappingSaysWhatIsExpected() {
    assertThatThrownBy(() -> NodeSetConfig.parse("cm", "- a\n- b\n"))
        .hasMessage(
            "cm: expected a mapping with clusterId, region, projectId, zone, vpcId, subnetId,"
                + " clusterDns, nodes");
    assertThatThrownBy(() -> NodeSetConfig.parse("cm", "a: [unclosed"))
        .hasMessageStartingWith("cm: not YAML:");
  }

  @Test
  void addingAndRemovingANodeKeepsEveryOtherField() {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("name", "uk8s-abcd1234-vk-ccccc");
    node.put("maxPods", 10);

    String added = NodeSetConfig.withNode(SET, node);
    NodeSetConfig withThree = NodeSetConfig.parse("cm", added);
    String removed = NodeSetConfig.withoutNode(added, "uk8s-abcd1234-vk-aaaaa");
    NodeSetConfig withTwo = NodeSetConfig.parse("cm", removed);

    assertThat(withThree.nodes()).extracting(VirtualNode::name).endsWith("uk8s-abcd1234-vk-ccccc");
    assertThat(withThree.nodes().get(2).maxPods()).isEqualTo(10);
    assertThat(withTwo.nodes())
        .extracting(VirtualNode::name)
        .containsExactly("uk8s-abcd1234-vk-bbbbb", "uk8s-abcd1234-vk-ccccc");
    assertThat(withTwo.projectId()).contains("org-abc");
    assertThat(withTwo.clusterDns()).isPresent();
    assertThat(withTwo.nodes().get(0).clusterIpSupport()).isTrue();
  }
}
