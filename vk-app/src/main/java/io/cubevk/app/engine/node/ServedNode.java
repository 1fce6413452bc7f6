package io.cubevk.app.engine.node;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A virtual node the agent serves, as the pod controller must know it right now. Written by the
 * node controller, read by pod workers; each flag is independent, so plain atomics suffice.
 */
public final class ServedNode {

  private final String nodeName;
  private final AtomicBoolean enabled = new AtomicBoolean(true);
  private final AtomicBoolean observed = new AtomicBoolean(false);
  private final AtomicBoolean draining = new AtomicBoolean(false);
  private final AtomicBoolean cloudReachable = new AtomicBoolean(true);
  private final Set<Object> creating = ConcurrentHashMap.newKeySet();

  public ServedNode(String nodeName) {
    this.nodeName = nodeName;
  }

  public String nodeName() {
    return nodeName;
  }

  /** False while the node is cordoned: no new Cubes, existing ones kept. */
  public boolean enabled() {
    return enabled.get();
  }

  /**
   * Whether the Node has been read since the agent started serving it. Until then {@link
   * #enabled()} is a guess: a node cordoned while no agent ran would admit new pods. The pod
   * controller admits none before this is true.
   */
  public boolean observed() {
    return observed.get();
  }

  /**
   * The Node as read from the cluster: enabled unless cordoned. The node controller calls this on
   * every registration and change; an engine run without one (tests, an embedder managing the Node
   * itself) calls it once to say the node takes pods.
   */
  public void observed(boolean isEnabled) {
    enabled.set(isEnabled);
    observed.set(true);
  }

  /** True once the Node is being deleted: every Cube of the node is to be removed. */
  public boolean draining() {
    return draining.get();
  }

  public boolean cloudReachable() {
    return cloudReachable.get();
  }

  void setDraining(boolean value) {
    draining.set(value);
  }

  /**
   * Reserves a slot for a Cube about to be created, if the node has room: the Cubes it has plus
   * those being created stay within max pods even when several workers admit pods at once.
   *
   * @param key the pod the slot is for (a pod holds at most one)
   * @param withCubes the pods that have a Cube on the node (keys of the same kind)
   */
  public synchronized boolean reserveSlot(Object key, Collection<?> withCubes, int maxPods) {
    if (creating.contains(key)) {
      return true;
    }
    if (active(withCubes) >= maxPods) {
      return false;
    }
    creating.add(key);
    return true;
  }

  /** The create finished (either way): the Cube, if any, now counts as existing. */
  public synchronized void releaseSlot(Object key) {
    creating.remove(key);
  }

  /**
   * How many pods hold a place on the node: those with a Cube and those being created, each counted
   * once. A pod whose Cube was just created is in both until its slot is released; adding the two
   * counts would count it twice and refuse a pod the node has room for.
   */
  public synchronized int active(Collection<?> withCubes) {
    Set<Object> all = new HashSet<>(withCubes);
    all.addAll(creating);
    return all.size();
  }

  /** Cubes being created right now. */
  public synchronized int creating() {
    return creating.size();
  }

  /** The engine reports how its last cloud calls went; the node's Ready condition follows. */
  public void setCloudReachable(boolean value) {
    cloudReachable.set(value);
  }
}
