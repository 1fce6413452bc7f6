package io.cubevk.domain.size;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.Objects;

/**
 * The CPU and memory limits written into one Cube container.
 *
 * @param cpu the container's CPU limit
 * @param memory the container's memory limit
 */
public record Allocation(Cpu cpu, Memory memory) {

  public Allocation {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
  }
}
