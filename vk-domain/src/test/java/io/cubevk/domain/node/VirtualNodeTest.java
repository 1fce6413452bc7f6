package io.cubevk.domain.node;

import static io.cubevk.domain.node.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.translation.Violation;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VirtualNodeTest {

  @Test
  void generatedNamesFollowTheSeedsPatternAndBelongToTheCluster() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100; i++) {
      String name = VirtualNode.generateName("uk8s-abcd1234", random);
      assertThat(name).matches("uk8s-abcd1234-vk-[a-z0-9]{5}");
      assertThat(node().name(name).build().validate()).isEmpty();
    }
  }

  @Test
  void theSameRandomSourceGivesTheSameName() {
    assertThat(VirtualNode.generateName("uk8s-abcd1234", new SplittableRandom(7)))
        .isEqualTo(VirtualNode.generateName("uk8s-abcd1234", new SplittableRandom(7)));
  }

  @Test
  void defaultsAreTheSeedsTwoHundredPodsOfOneCpuAndTwoGibibytesEnabledWithoutClusterIp() {
    VirtualNode node =
        new VirtualNode.Builder()
            .clusterId("uk8s-abcd1234")
            .name("uk8s-abcd1234-vk-x1y2z")
            .region("cn-bj2")
            .zone("cn-bj2-05")
            .vpcId("uvnet-abc")
            .subnetId("subnet-def")
            .build();
    assertThat(node.maxPods()).isEqualTo(200);
    assertThat(node.defaultSize()).isEqualTo(CubeSize.of("1", "2Gi"));
    assertThat(node.enabled()).isTrue();
    assertThat(node.clusterIpSupport()).isFalse();
  }

  @Test
  void reportsEveryBadSettingAtOnce() {
    VirtualNode node =
        node()
            .clusterId("uk8s-ABC")
            .name("my-node")
            .maxPods(201)
            .defaultSize(CubeSize.of("3", "3Gi"))
            .zone("cn-gd-02")
            .subnetId(" ")
            .build();
    assertThat(node.validate())
        .extracting(Violation::fieldPath)
        .containsExactly("clusterId", "name", "maxPods", "defaultSize", "subnetId", "zone");
    assertThat(node.validate().get(2).message()).contains("201").contains("1 to 200");
    assertThat(node.validate().get(3).message()).contains("3/3Gi").contains("500m/512Mi");
  }

  @Test
  void aNameOfAnotherClusterIsRejected() {
    assertThat(node().name("uk8s-zzzz9999-vk-x1y2z").build().validate())
        .singleElement()
        .satisfies(
            v -> assertThat(v.message()).contains("does not belong to cluster uk8s-abcd1234"));
  }

  @Test
  void theNodeCarriesTheSelectorLabelTopologyAndTheProviderTaint() {
    NodeDescription description = node().build().describe(Optional.of("10.0.0.5"), 10250, true);
    assertThat(description.labels())
        .containsEntry("type", "virtual-kubelet")
        .containsEntry("topology.kubernetes.io/region", "cn-bj2")
        .containsEntry("topology.kubernetes.io/zone", "cn-bj2-05")
        .containsEntry("kubernetes.io/hostname", "uk8s-abcd1234-vk-x1y2z");
    assertThat(description.taints())
        .extracting(Taint::toString)
        .containsExactly("virtual-kubelet.io/provider=ucloud:NoSchedule");
    assertThat(description.unschedulable()).isFalse();
    assertThat(description.addresses())
        .containsExactly(
            new NodeAddress("InternalIP", "10.0.0.5"),
            new NodeAddress("Hostname", "uk8s-abcd1234-vk-x1y2z"));
    assertThat(description.conditions())
        .filteredOn(c -> c.type().equals("Ready"))
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo("True"));
  }

  @Test
  void capacityIsMaxPodsTimesTheLargestSizeUnlessSet() {
    NodeCapacity derived = node().maxPods(10).build().capacity();
    assertThat(derived.toQuantities())
        .containsEntry("cpu", "80")
        .containsEntry("memory", "160Gi")
        .containsEntry("pods", "10");

    NodeCapacity set =
        node()
            .builder()
            .cpuCapacity(Cpu.parse("100"))
            .memoryCapacity(Memory.parse("200Gi"))
            .build()
            .capacity();
    assertThat(set.toQuantities()).containsEntry("cpu", "100").containsEntry("memory", "200Gi");
    assertThat(set.pods()).isEqualTo(200);
  }

  @Test
  void aDisabledNodeIsCordonedAndAnUnreachableCloudMakesItNotReady() {
    NodeDescription description =
        node().enabled(false).build().describe(Optional.empty(), 10250, false);
    assertThat(description.unschedulable()).isTrue();
    assertThat(description.conditions())
        .filteredOn(c -> c.type().equals("Ready"))
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).isEqualTo("CubeApiUnreachable"));
    assertThat(description.addresses()).extracting(NodeAddress::type).containsExactly("Hostname");
  }
}
