package io.cubevk.domain.size;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.List;
import java.util.Objects;

/**
 * The size chosen for a pod and how it is split among its containers.
 *
 * @param size the Cube's size
 * @param needCpu the pod's CPU need the size covers
 * @param needMemory the pod's memory need the size covers
 * @param defaulted whether the pod asked for nothing and got the node's default size
 * @param containers the limits of each container, in spec order; they add up to the size
 * @param initContainers the limits of each init container, in spec order: the whole size, as each
 *     init container runs alone before the containers start
 */
public record Sizing(
    CubeSize size,
    Cpu needCpu,
    Memory needMemory,
    boolean defaulted,
    List<Allocation> containers,
    List<Allocation> initContainers) {

  public Sizing {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(needCpu, "needCpu");
    Objects.requireNonNull(needMemory, "needMemory");
    containers = List.copyOf(containers);
    initContainers = List.copyOf(initContainers);
  }
}
