package io.cubevk.domain.decision;

/**
 * What a decision needs to know of the virtual node.
 *
 * @param nodeName the node's name, for messages
 * @param enabled whether the node may create Cubes (a disabled node keeps existing ones)
 * @param maxPods how many Cubes the node may run
 * @param activeCubes how many Cubes the node runs now, not counting the pod being decided
 * @param daemonSetsAllowed whether DaemonSet pods get Cubes (off by default: a Cube is a pod of its
 *     own, not a host for per-node agents)
 */
public record NodeState(
    String nodeName, boolean enabled, int maxPods, int activeCubes, boolean daemonSetsAllowed) {

  /** A node that refuses DaemonSet pods, as virtual nodes do by default. */
  public NodeState(String nodeName, boolean enabled, int maxPods, int activeCubes) {
    this(nodeName, enabled, maxPods, activeCubes, false);
  }

  /** An enabled node with room. */
  public static NodeState enabled(String nodeName, int maxPods, int activeCubes) {
    return new NodeState(nodeName, true, maxPods, activeCubes);
  }

  /** Whether one more Cube fits under max pods. */
  public boolean hasRoom() {
    return activeCubes < maxPods;
  }
}
