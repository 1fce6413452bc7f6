package io.cubevk.app.engine.node;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A virtual node the agent serves, as the pod controller must know it right now. Written by the
 * node controller, read by pod workers; each flag is independent, so plain atomics suffice.
 */
public final class ServedNode {

  private final String nodeName;
  private final AtomicBoolean enabled = new AtomicBoolean(true);
  private final AtomicBoolean draining = new AtomicBoolean(false);
  private final AtomicBoolean cloudReachable = new AtomicBoolean(true);

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

  /** True once the Node is being deleted: every Cube of the node is to be removed. */
  public boolean draining() {
    return draining.get();
  }

  public boolean cloudReachable() {
    return cloudReachable.get();
  }

  void setEnabled(boolean value) {
    enabled.set(value);
  }

  void setDraining(boolean value) {
    draining.set(value);
  }

  /** The engine reports how its last cloud calls went; the node's Ready condition follows. */
  public void setCloudReachable(boolean value) {
    cloudReachable.set(value);
  }
}
