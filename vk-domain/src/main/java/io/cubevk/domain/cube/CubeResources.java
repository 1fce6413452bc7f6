package io.cubevk.domain.cube;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;

/**
 * A container's {@code resources.limits}, which Cube requires on every container; the limits of a
 * Cube's containers add up to one of the allowed Cube sizes.
 */
public record CubeResources(Cpu cpu, Memory memory) {

  public static CubeResources of(Cpu cpu, Memory memory) {
    return new CubeResources(cpu, memory);
  }

  public CubeResources plus(CubeResources other) {
    return new CubeResources(cpu.plus(other.cpu), memory.plus(other.memory));
  }
}
