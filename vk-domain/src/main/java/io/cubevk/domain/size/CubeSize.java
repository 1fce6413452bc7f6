package io.cubevk.domain.size;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One Cube size: the CPU and memory of a whole Cube instance.
 *
 * <p>Any pair can be represented (a node's default size is read from settings before it is
 * checked); {@link #isAllowed()} says whether Cube accepts it.
 *
 * @param cpu the Cube's CPU
 * @param memory the Cube's memory
 */
public record CubeSize(Cpu cpu, Memory memory) implements Comparable<CubeSize> {

  /**
   * Cube's size table (seed: "VK supports creating Cube with the following specification
   * configurations"), in ascending order: CPU first, then memory.
   */
  public static final List<CubeSize> ALLOWED =
      List.of(
          of("500m", "512Mi"),
          of("500m", "1Gi"),
          of("500m", "2Gi"),
          of("1", "1Gi"),
          of("1", "2Gi"),
          of("1", "4Gi"),
          of("2", "2Gi"),
          of("2", "4Gi"),
          of("2", "8Gi"),
          of("4", "4Gi"),
          of("4", "8Gi"),
          of("4", "16Gi"),
          of("8", "8Gi"),
          of("8", "16Gi"));

  /** The largest allowed size; a node's capacity is derived from it. */
  public static final CubeSize LARGEST = ALLOWED.get(ALLOWED.size() - 1);

  /** The default size of a pod without requests when the node sets none (seed: 1 CPU, 2Gi). */
  public static final CubeSize DEFAULT = of("1", "2Gi");

  // CPU decides first: it dominates a Cube's price, and for every CPU step the table offers a
  // memory range, so "smallest CPU, then smallest memory" is also minimal in both dimensions.
  private static final Comparator<CubeSize> ORDER =
      Comparator.comparing(CubeSize::cpu).thenComparing(CubeSize::memory);

  public CubeSize {
    if (cpu == null || memory == null) {
      throw new NullPointerException("a Cube size needs both cpu and memory");
    }
  }

  /**
   * A size from two Kubernetes quantities, e.g. {@code CubeSize.of("500m", "512Mi")}.
   *
   * @throws IllegalArgumentException when either is not a quantity
   */
  public static CubeSize of(String cpu, String memory) {
    return new CubeSize(Cpu.parse(cpu), Memory.parse(memory));
  }

  /**
   * Parses {@code CPU:MEMORY} as written on the command line and in settings ({@code 1:2Gi}, {@code
   * 500m:512Mi}).
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static CubeSize parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size: expected CPU:MEMORY such as 1:2Gi or 500m:512Mi");
    }
    return of(parts[0].trim(), parts[1].trim());
  }

  /** The smallest allowed size with at least {@code cpu} and {@code memory}, if there is one. */
  public static Optional<CubeSize> smallestCovering(Cpu cpu, Memory memory) {
    return ALLOWED.stream()
        .filter(size -> size.cpu.compareTo(cpu) >= 0 && size.memory.compareTo(memory) >= 0)
        .min(ORDER);
  }

  /** The allowed sizes as a person reads them: {@code 500m/512Mi, 500m/1Gi, …, 8/16Gi}. */
  public static String describeAllowed() {
    return ALLOWED.stream().map(CubeSize::toString).collect(Collectors.joining(", "));
  }

  /** Whether Cube accepts this size. */
  public boolean isAllowed() {
    return ALLOWED.contains(this);
  }

  /** Whether this size has at least the given CPU and memory. */
  public boolean covers(Cpu needCpu, Memory needMemory) {
    return cpu.compareTo(needCpu) >= 0 && memory.compareTo(needMemory) >= 0;
  }

  @Override
  public int compareTo(CubeSize other) {
    return ORDER.compare(this, other);
  }

  /** {@code cpu/memory} in Kubernetes quantities, e.g. {@code 500m/512Mi}. */
  @Override
  public String toString() {
    return cpu.toQuantity() + "/" + memory.toQuantity();
  }
}
