package io.cubevk.domain.resources;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class QuantityProperties {

  @Property
  void cpuRoundTripsThroughItsQuantity(@ForAll @LongRange(max = 1_000_000_000L) long millis) {
    Cpu cpu = Cpu.ofMillis(millis);
    assertThat(Cpu.parse(cpu.toQuantity())).isEqualTo(cpu);
  }

  @Property
  void memoryRoundTripsThroughItsQuantity(@ForAll @LongRange(max = 1L << 50) long bytes) {
    Memory memory = Memory.ofBytes(bytes);
    assertThat(Memory.parse(memory.toQuantity())).isEqualTo(memory);
  }

  @Property
  void orderingFollowsTheAmount(
      @ForAll @LongRange(max = 1L << 40) long a, @ForAll @LongRange(max = 1L << 40) long b) {
    assertThat(Integer.signum(Memory.ofBytes(a).compareTo(Memory.ofBytes(b))))
        .isEqualTo(Long.signum(a - b));
    assertThat(Cpu.ofMillis(a).plus(Cpu.ofMillis(b)).millis()).isEqualTo(a + b);
  }
}
