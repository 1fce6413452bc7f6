package io.cubevk.domain.size;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.Objects;
import java.util.Optional;

/**
 * What one container asks for, already parsed: its CPU and memory requests and limits.
 *
 * @param cpuRequest {@code resources.requests.cpu}
 * @param cpuLimit {@code resources.limits.cpu}
 * @param memoryRequest {@code resources.requests.memory}
 * @param memoryLimit {@code resources.limits.memory}
 */
public record ContainerDemand(
    Optional<Cpu> cpuRequest,
    Optional<Cpu> cpuLimit,
    Optional<Memory> memoryRequest,
    Optional<Memory> memoryLimit) {

  /** A container that asks for nothing. */
  public static final ContainerDemand NONE =
      new ContainerDemand(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public ContainerDemand {
    Objects.requireNonNull(cpuRequest, "cpuRequest");
    Objects.requireNonNull(cpuLimit, "cpuLimit");
    Objects.requireNonNull(memoryRequest, "memoryRequest");
    Objects.requireNonNull(memoryLimit, "memoryLimit");
  }

  /** Requests only. */
  public static ContainerDemand requests(Cpu cpu, Memory memory) {
    return new ContainerDemand(
        Optional.of(cpu), Optional.empty(), Optional.of(memory), Optional.empty());
  }

  /** The CPU this container must be able to get: the larger of its request and limit. */
  public Cpu cpu() {
    return cpuRequest.orElse(Cpu.ZERO).max(cpuLimit.orElse(Cpu.ZERO));
  }

  /** The memory this container must be able to get: the larger of its request and limit. */
  public Memory memory() {
    return memoryRequest.orElse(Memory.ZERO).max(memoryLimit.orElse(Memory.ZERO));
  }

  /** Whether it states any CPU or memory request or limit. */
  public boolean asksForAnything() {
    return cpuRequest.isPresent()
        || cpuLimit.isPresent()
        || memoryRequest.isPresent()
        || memoryLimit.isPresent();
  }
}
