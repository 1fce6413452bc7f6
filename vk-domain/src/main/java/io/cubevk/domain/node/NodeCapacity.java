package io.cubevk.domain.node;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Node's capacity (or allocatable): CPU, memory and pods.
 *
 * @param cpu CPU the node offers
 * @param memory memory the node offers
 * @param pods how many pods it takes
 */
public record NodeCapacity(Cpu cpu, Memory memory, int pods) {

  public NodeCapacity {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
  }

  /** As a Kubernetes resource list: {@code cpu}, {@code memory}, {@code pods} quantities. */
  public Map<String, String> toQuantities() {
    Map<String, String> quantities = new LinkedHashMap<>();
    quantities.put("cpu", cpu.toQuantity());
    quantities.put("memory", memory.toQuantity());
    quantities.put("pods", Integer.toString(pods));
    return quantities;
  }
}
