package io.cubevk.domain.size;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class SizeRuleProperties {

  @Property
  void theChosenSizeCoversTheNeedAndIsAllowed(
      @ForAll("containers") List<ContainerDemand> containers,
      @ForAll("initContainers") List<ContainerDemand> inits) {
    SizeRule.size(containers, inits, CubeSize.DEFAULT)
        .ifPresent(
            sizing -> {
              assertThat(sizing.size().isAllowed()).isTrue();
              assertThat(sizing.size().covers(sizing.needCpu(), sizing.needMemory())).isTrue();
            });
  }

  @Property
  void noSmallerAllowedSizeCoversTheNeed(
      @ForAll("containers") List<ContainerDemand> containers,
      @ForAll("initContainers") List<ContainerDemand> inits) {
    Optional<Sizing> sizing = SizeRule.size(containers, inits, CubeSize.DEFAULT);
    Cpu cpu = SizeRule.cpuNeed(containers, inits);
    Memory memory = SizeRule.memoryNeed(containers, inits);
    if (sizing.isEmpty()) {
      assertThat(CubeSize.ALLOWED).noneMatch(size -> size.covers(cpu, memory));
    } else if (!sizing.get().defaulted()) {
      CubeSize chosen = sizing.get().size();
      assertThat(CubeSize.ALLOWED)
          .filteredOn(size -> size.covers(cpu, memory))
          .allMatch(size -> size.cpu().compareTo(chosen.cpu()) >= 0)
          .allMatch(
              size ->
                  size.cpu().compareTo(chosen.cpu()) > 0
                      || size.memory().compareTo(chosen.memory()) >= 0);
    }
  }

  @Property
  void containerLimitsAddUpToTheSizeAndEachCoversItsOwnNeed(
      @ForAll("containers") List<ContainerDemand> containers,
      @ForAll("initContainers") List<ContainerDemand> inits) {
    SizeRule.size(containers, inits, CubeSize.DEFAULT)
        .ifPresent(
            sizing -> {
              List<Allocation> limits = sizing.containers();
              assertThat(limits).hasSameSizeAs(containers);
              assertThat(limits.stream().map(Allocation::cpu).reduce(Cpu.ZERO, Cpu::plus))
                  .isEqualTo(sizing.size().cpu());
              assertThat(limits.stream().map(Allocation::memory).reduce(Memory.ZERO, Memory::plus))
                  .isEqualTo(sizing.size().memory());
              for (int i = 0; i < containers.size(); i++) {
                assertThat(limits.get(i).cpu()).isGreaterThanOrEqualTo(containers.get(i).cpu());
                assertThat(limits.get(i).memory())
                    .isGreaterThanOrEqualTo(containers.get(i).memory());
              }
              assertThat(sizing.initContainers())
                  .hasSameSizeAs(inits)
                  .allMatch(
                      a -> a.equals(new Allocation(sizing.size().cpu(), sizing.size().memory())));
            });
  }

  @Property
  void aLargerNeedNeverGetsASmallerSize(
      @ForAll @LongRange(max = 9_000) long cpuA,
      @ForAll @LongRange(max = 9_000) long cpuExtra,
      @ForAll @LongRange(max = 18L << 30) long memoryA,
      @ForAll @LongRange(max = 18L << 30) long memoryExtra) {
    Optional<CubeSize> small =
        CubeSize.smallestCovering(Cpu.ofMillis(cpuA), Memory.ofBytes(memoryA));
    Optional<CubeSize> large =
        CubeSize.smallestCovering(
            Cpu.ofMillis(cpuA + cpuExtra), Memory.ofBytes(memoryA + memoryExtra));
    if (large.isPresent()) {
      assertThat(small).isPresent();
      assertThat(small.get().cpu()).isLessThanOrEqualTo(large.get().cpu());
      assertThat(small.get().memory()).isLessThanOrEqualTo(large.get().memory());
    }
  }

  @Property
  void podsThatAskForNothingGetTheDefaultSize(
      @ForAll("allowedSize") CubeSize defaultSize,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 3) int count) {
    List<ContainerDemand> nothing = java.util.Collections.nCopies(count, ContainerDemand.NONE);
    Sizing sizing = SizeRule.size(nothing, List.of(), defaultSize).orElseThrow();
    assertThat(sizing.size()).isEqualTo(defaultSize);
    assertThat(sizing.defaulted()).isTrue();
  }

  @Provide
  Arbitrary<List<ContainerDemand>> containers() {
    return demand().list().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<ContainerDemand>> initContainers() {
    return demand().list().ofMaxSize(2);
  }

  @Provide
  Arbitrary<CubeSize> allowedSize() {
    return Arbitraries.of(CubeSize.ALLOWED);
  }

  private static Arbitrary<ContainerDemand> demand() {
    Arbitrary<Optional<Cpu>> cpu =
        Arbitraries.longs().between(0, 6_000).map(Cpu::ofMillis).optional(0.6);
    // Odd byte counts on purpose: the split must stay exact when requests are not whole MiB.
    Arbitrary<Optional<Memory>> memory =
        Arbitraries.oneOf(
                Arbitraries.longs().between(0, 12L << 30),
                Arbitraries.longs().between(0, 12 * 1024).map(mi -> mi << 20))
            .map(Memory::ofBytes)
            .optional(0.6);
    return Combinators.combine(cpu, cpu, memory, memory).as(ContainerDemand::new);
  }
}
