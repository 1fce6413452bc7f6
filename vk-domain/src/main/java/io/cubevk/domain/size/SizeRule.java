package io.cubevk.domain.size;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Picks a pod's Cube size and splits it into container limits.
 *
 * <p>The need follows Kubernetes' effective pod request, with limits counted too (Cube enforces a
 * limit, so a container must be able to reach its own): per resource, the larger of the sum over
 * the containers of max(request, limit) and the largest init container's max(request, limit), as
 * init containers run one at a time before the containers. A pod that states no CPU or memory at
 * all gets the node's default size.
 */
public final class SizeRule {

  private static final long MEBIBYTE = 1L << 20;

  private SizeRule() {}

  /** The pod's CPU need (see the class comment). */
  public static Cpu cpuNeed(
      List<ContainerDemand> containers, List<ContainerDemand> initContainers) {
    Cpu sum = containers.stream().map(ContainerDemand::cpu).reduce(Cpu.ZERO, Cpu::plus);
    return initContainers.stream().map(ContainerDemand::cpu).reduce(sum, Cpu::max);
  }

  /** The pod's memory need (see the class comment). */
  public static Memory memoryNeed(
      List<ContainerDemand> containers, List<ContainerDemand> initContainers) {
    Memory sum = containers.stream().map(ContainerDemand::memory).reduce(Memory.ZERO, Memory::plus);
    return initContainers.stream().map(ContainerDemand::memory).reduce(sum, Memory::max);
  }

  /**
   * Sizes a pod: the smallest allowed size covering its need (or {@code defaultSize} when it asks
   * for nothing), split into limits. Empty when no allowed size is large enough.
   *
   * @throws ArithmeticException only if the sums overflow a long (exabytes of memory)
   */
  public static Optional<Sizing> size(
      List<ContainerDemand> containers,
      List<ContainerDemand> initContainers,
      CubeSize defaultSize) {
    Cpu cpu = cpuNeed(containers, initContainers);
    Memory memory = memoryNeed(containers, initContainers);
    boolean asksNothing =
        containers.stream().noneMatch(ContainerDemand::asksForAnything)
            && initContainers.stream().noneMatch(ContainerDemand::asksForAnything);
    Optional<CubeSize> size =
        asksNothing ? Optional.of(defaultSize) : CubeSize.smallestCovering(cpu, memory);
    return size.map(
        chosen ->
            new Sizing(
                chosen,
                cpu,
                memory,
                asksNothing,
                allocate(chosen, containers),
                initContainers.stream()
                    .map(i -> new Allocation(chosen.cpu(), chosen.memory()))
                    .toList()));
  }

  /**
   * Splits {@code size} into one limit per container: each starts at its max(request, limit), and
   * the rest of the size goes to the containers that set no limit for that resource (they are
   * unbounded on a kubelet), or to all of them when every one set a limit, because Cube requires
   * the limits to add up to the size. Shares are equal, in whole MiB for memory where the slack
   * allows; what does not divide evenly goes to the first receiver, so the split is deterministic.
   *
   * @param size a size at least as large as the sum of the containers' needs
   */
  public static List<Allocation> allocate(CubeSize size, List<ContainerDemand> containers) {
    if (containers.isEmpty()) {
      return List.of();
    }
    long[] cpu =
        split(
            size.cpu().millis(),
            containers,
            d -> d.cpu().millis(),
            d -> d.cpuLimit().isPresent(),
            1);
    long[] memory =
        split(
            size.memory().bytes(),
            containers,
            d -> d.memory().bytes(),
            d -> d.memoryLimit().isPresent(),
            MEBIBYTE);
    List<Allocation> allocations = new ArrayList<>(containers.size());
    for (int i = 0; i < containers.size(); i++) {
      allocations.add(new Allocation(Cpu.ofMillis(cpu[i]), Memory.ofBytes(memory[i])));
    }
    return allocations;
  }

  private static long[] split(
      long total,
      List<ContainerDemand> containers,
      ToLongFunction<ContainerDemand> base,
      Function<ContainerDemand, Boolean> hasLimit,
      long preferredUnit) {
    int n = containers.size();
    long[] shares = new long[n];
    long used = 0;
    List<Integer> receivers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      shares[i] = base.applyAsLong(containers.get(i));
      used += shares[i];
      if (!hasLimit.apply(containers.get(i))) {
        receivers.add(i);
      }
    }
    if (receivers.isEmpty()) {
      for (int i = 0; i < n; i++) {
        receivers.add(i);
      }
    }
    long slack = total - used;
    if (slack < 0) {
      throw new IllegalArgumentException(
          "size " + total + " is smaller than the containers' need " + used);
    }
    long unit = slack % preferredUnit == 0 ? preferredUnit : 1;
    long each = slack / unit / receivers.size() * unit;
    for (int receiver : receivers) {
      shares[receiver] += each;
    }
    shares[receivers.get(0)] += slack - each * receivers.size();
    return shares;
  }
}
