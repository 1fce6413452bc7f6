package io.cubevk.domain.size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CubeSizeTest {

  @Test
  void theTableHoldsTheSeedsFourteenSizesInAscendingOrder() {
    assertThat(CubeSize.ALLOWED).hasSize(14).isSorted();
    assertThat(CubeSize.describeAllowed())
        .isEqualTo(
            "500m/512Mi, 500m/1Gi, 500m/2Gi, 1/1Gi, 1/2Gi, 1/4Gi, 2/2Gi, 2/4Gi, 2/8Gi, 4/4Gi,"
                + " 4/8Gi, 4/16Gi, 8/8Gi, 8/16Gi");
  }

  @ParameterizedTest
  @CsvSource({
    "2, 2048Mi, 2/2Gi",
    "100m, 64Mi, 500m/512Mi",
    "500m, 3Gi, 1/4Gi",
    "1500m, 1Gi, 2/2Gi",
    "0, 16Gi, 4/16Gi",
    "5, 1Gi, 8/8Gi"
  })
  void picksTheSmallestAllowedSizeCoveringTheNeed(String cpu, String memory, String expected) {
    assertThat(CubeSize.smallestCovering(Cpu.parse(cpu), Memory.parse(memory)))
        .map(CubeSize::toString)
        .contains(expected);
  }

  @Test
  void nothingCoversMoreThanTheLargestSize() {
    assertThat(CubeSize.smallestCovering(Cpu.parse("16"), Memory.parse("1Gi"))).isEmpty();
    assertThat(CubeSize.smallestCovering(Cpu.parse("1"), Memory.parse("17Gi"))).isEmpty();
  }

  @Test
  void parsesTheCommandLineForm() {
    assertThat(CubeSize.parse("1:2Gi")).isEqualTo(CubeSize.DEFAULT);
    assertThat(CubeSize.parse("500m:512Mi").isAllowed()).isTrue();
    assertThat(CubeSize.parse("3:3Gi").isAllowed()).isFalse();
    assertThatThrownBy(() -> CubeSize.parse("1/2Gi")).hasMessageContaining("CPU:MEMORY");
  }

  @Test
  void slackGoesToContainersWithoutLimitsInWholeMebibytes() {
    ContainerDemand bounded =
        new ContainerDemand(
            Optional.of(Cpu.parse("500m")),
            Optional.of(Cpu.parse("500m")),
            Optional.of(Memory.parse("512Mi")),
            Optional.of(Memory.parse("512Mi")));
    ContainerDemand free = ContainerDemand.requests(Cpu.parse("100m"), Memory.parse("100Mi"));
    List<Allocation> split =
        SizeRule.allocate(CubeSize.of("2", "4Gi"), List.of(bounded, free, free));

    assertThat(split.get(0)).isEqualTo(new Allocation(Cpu.parse("500m"), Memory.parse("512Mi")));
    // 1300m of slack between two: 650m each; 3384Mi of slack: 1692Mi each.
    assertThat(split.get(1)).isEqualTo(new Allocation(Cpu.parse("750m"), Memory.parse("1792Mi")));
    assertThat(split.get(2)).isEqualTo(split.get(1));
  }

  @Test
  void unevenSlackGoesToTheFirstReceiver() {
    List<Allocation> split =
        SizeRule.allocate(
            CubeSize.of("1", "1Gi"),
            List.of(ContainerDemand.NONE, ContainerDemand.NONE, ContainerDemand.NONE));
    assertThat(split).extracting(a -> a.cpu().toQuantity()).containsExactly("334m", "333m", "333m");
    assertThat(split)
        .extracting(a -> a.memory().toQuantity())
        .containsExactly("342Mi", "341Mi", "341Mi");
  }
}
